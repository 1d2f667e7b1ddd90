"""Bulk inserts for the generator: rows written with PostgreSQL's ``COPY``, in batches.

Used for the large tables whose records have no side effect at their creation (no message,
no calendar event, no activity): the generator builds the same values as for
``Model.create`` (same random draws, so the same data), gives each row the stored related and
computed values the ORM would have written, and copies them. The ids are drawn from the
table's sequence first, so that the caller gets them in order. What depends on these rows
elsewhere (a stored total, a count) is recomputed afterwards, through the ORM.
"""

import io
from datetime import date, datetime

BATCH = 20_000  # rows per COPY: bounded memory (a few MB of text per batch)


def copy_text(value):
    """``value`` in COPY's text format: ``None`` is NULL, ``True``/``False`` booleans."""
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return (
            value.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return str(value)


def copy_rows(env, table, columns, rows, batch=BATCH):
    """Insert ``rows`` (tuples of values of ``columns``) into ``table``, with the ORM's log
    columns (the environment's user, the transaction's date); returns the new ids in order.
    ``rows`` may be any iterable: it is consumed one batch at a time."""
    cr = env.cr
    env.flush_all()
    now, uid = cr.now(), env.uid
    head = ("id", "create_uid", "create_date", "write_uid", "write_date", *columns)
    sql = 'COPY "{}" ({}) FROM STDIN'.format(table, ", ".join(f'"{name}"' for name in head))
    ids = []
    chunk = []

    def flush():
        sequence = f"{table}_id_seq"
        cr.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [sequence, len(chunk)])
        chunk_ids = [row[0] for row in cr.fetchall()]
        buffer = io.StringIO()
        for record_id, row in zip(chunk_ids, chunk, strict=True):
            values = (record_id, uid, now, uid, now, *row)
            buffer.write("\t".join(copy_text(value) for value in values))
            buffer.write("\n")
        buffer.seek(0)
        cr.copy_expert(sql, buffer)
        ids.extend(chunk_ids)
        chunk.clear()

    for row in rows:
        chunk.append(row)
        if len(chunk) >= batch:
            flush()
    if chunk:
        flush()
    env.invalidate_all()
    return ids


def fetch_dict(env, query, params=None):
    """``{first column: (the other columns)}`` of a query."""
    env.cr.execute(query, params)
    return {row[0]: row[1:] for row in env.cr.fetchall()}


def recompute(env, model, fnames, ids, batch=5000):
    """Recompute the stored fields ``fnames`` of the records ``ids`` of ``model`` through the
    ORM, in batches (what a create would have triggered)."""
    Model = env[model]
    for start in range(0, len(ids), batch):
        records = Model.browse(ids[start : start + batch])
        for fname in fnames:
            env.add_to_compute(Model._fields[fname], records)
        records._recompute_recordset(fnames)
        env.flush_all()
        env.invalidate_all()
