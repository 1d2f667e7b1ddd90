"""What the web client asks when it opens a board: shared by the performance tests and the
benchmark (``bench/``), so that both measure the same request.

``board_request(env)`` reads the kanban arch as the client does and gives the card fields it
asks for, the aggregates of its ``web_read_group`` and its progress bar; ``open_board(...)``
then makes the client's calls: ``web_read_group`` by step, ``read_progress_bar``, and
``web_search_read`` of the first cards of every unfolded column."""

import json
import re
from collections import namedtuple

from lxml import etree

from odoo.tools.safe_eval import safe_eval

KANBAN_VIEW = "housing_accompaniment.view_housing_accompaniment_kanban"
MAX_OPEN_COLUMNS = 10  # the web client opens at most this many columns
# Fields the card widgets read besides their own (their JS ``fieldDependencies``).
WIDGET_DEPENDENCIES = {
    "kanban_activity": (
        "activity_exception_decoration",
        "activity_exception_icon",
        "activity_state",
        "activity_summary",
        "activity_type_icon",
        "activity_type_id",
    ),
}
# Fields of the related records the widgets show (their JS ``relatedFields``).
WIDGET_RELATED = {"many2many_tags": ("display_name",)}

BoardRequest = namedtuple("BoardRequest", ["spec", "aggregates", "progress_bar"])


def _card_fields(arch, fields):
    """``({field name: widget}, invisible names)``: the fields of the arch, the widgets'
    dependencies and the fields its modifiers, colour and progress bar name."""
    names, invisible = {}, set()
    for node in arch.iter("field"):
        names.setdefault(node.get("name"), node.get("widget"))
        if node.get("invisible") in ("1", "True"):
            invisible.add(node.get("name"))
        for dependency in WIDGET_DEPENDENCIES.get(node.get("widget"), ()):
            names.setdefault(dependency, None)
    for node in arch.iter():
        for attribute in ("invisible", "readonly", "required"):
            for token in re.findall(r"[a-z_][a-z0-9_]*", node.get(attribute) or ""):
                if token in fields:
                    names.setdefault(token, None)
    if arch.get("highlight_color"):
        names.setdefault(arch.get("highlight_color"), None)
    names.setdefault(arch.find("progressbar").get("field"), None)
    return names, invisible


def board_request(env, view_xmlid=KANBAN_VIEW):
    """The card specification, aggregates and progress bar the web client sends for the
    kanban view ``view_xmlid`` of the files."""
    Model = env["housing.accompaniment"]
    views = Model.get_views([(env.ref(view_xmlid).id, "kanban")])
    arch = etree.fromstring(views["views"]["kanban"]["arch"])
    names, invisible = _card_fields(arch, views["models"]["housing.accompaniment"]["fields"])
    all_fields = Model.fields_get(attributes=["type", "aggregator"])
    spec = {}
    for name, widget in names.items():
        ftype = all_fields[name]["type"]
        if ftype == "many2one" and name in invisible:
            spec[name] = {"fields": {}}  # always invisible: no display name
        elif ftype == "many2one":
            spec[name] = {"fields": {"display_name": {}}, "context": {}}
        elif ftype in ("one2many", "many2many") and widget in WIDGET_RELATED:
            node = arch.xpath(f"//field[@name='{name}']")[0]
            related = dict.fromkeys(WIDGET_RELATED[widget], {})
            options = safe_eval(node.get("options") or "{}")
            if options.get("color_field"):
                related[options["color_field"]] = {}
            spec[name] = {"fields": related, "context": {}}
        else:
            spec[name] = {}
    aggregates = [
        f"{name}:{all_fields[name]['aggregator']}"
        for name in names
        if all_fields[name].get("aggregator")
    ]
    progressbar = arch.find("progressbar")
    progress_bar = {
        "field": progressbar.get("field"),
        "colors": json.loads(progressbar.get("colors")),
    }
    return BoardRequest(spec, aggregates, progress_bar)


def _direct(method, *args, **kwargs):
    method.__self__.env.invalidate_all()  # each call is a request of its own
    return method(*args, **kwargs)


def open_board(Model, domain, request, cards_per_column, call=_direct):
    """Make the web client's calls to open the board of ``Model`` (with the action's
    context) on ``domain``; each goes through ``call(method, *args, **kwargs)``, by default
    on an empty cache like a request of its own. Returns ``{stage id: (cards, files in the
    column)}`` for the columns opened."""
    groups = call(
        Model.web_read_group,
        domain,
        request.aggregates,
        ["stage_id"],
        limit=80,
        orderby="",
        lazy=True,
    )
    call(Model.read_progress_bar, domain, "stage_id", request.progress_bar)
    columns = {}
    for group in groups["groups"]:
        if group.get("__fold") or not group["stage_id_count"]:
            continue
        if len(columns) == MAX_OPEN_COLUMNS:
            break
        stage_id = group["stage_id"][0]
        result = call(
            Model.with_context(default_stage_id=stage_id).web_search_read,
            group["__domain"],
            request.spec,
            offset=0,
            limit=cards_per_column,
            order="",
        )
        columns[stage_id] = (result["records"], result["length"])
    return columns
