"""Takes the README's screenshots from a running demo server (scripts/screenshots.sh starts it).

Logs in over HTTP, drives a headless Chromium through the DevTools protocol (the same
``websocket-client`` package Odoo's browser tests use) with the session cookie, and saves
PNGs reduced to a 256-colour palette. The activity report's first sheet is downloaded as
XLSX, read with openpyxl and drawn as an HTML table, which Chromium photographs too.

    python3 scripts/screenshots.py URL DB OUTPUT_DIR CHROMIUM
"""

import base64
import html
import io
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import openpyxl
import websocket
from PIL import Image

WIDTH, HEIGHT = 1440, 900

# (file name, URL path, CSS selector that shows the content is there, extra seconds to wait)
PAGES = [
    (
        "board.png",
        "/odoo/action-housing_accompaniment.action_housing_accompaniment_board_new_entrant",
        ".o_kanban_renderer .o_kanban_record",
        2,
    ),
    (
        "dashboard.png",
        "/odoo/action-housing_accompaniment.action_housing_dashboard",
        ".o_spreadsheet_dashboard_action .o_renderer .o-figure",
        6,
    ),
]
REPORT_PERIOD = {"date_from": "2017-01-01", "date_to": "2017-12-31"}


class Odoo:
    """A JSON-RPC session on the demo server."""

    def __init__(self, url, db):
        self.url = url.rstrip("/")
        self.db = db
        self.session_id = None

    def _post(self, path, params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}).encode()
        request = urllib.request.Request(
            self.url + path, body, {"Content-Type": "application/json", **self._cookie()}
        )
        with urllib.request.urlopen(request, timeout=120) as response:
            for header in response.headers.get_all("Set-Cookie") or []:
                if header.startswith("session_id="):
                    self.session_id = header.split(";")[0].split("=", 1)[1]
            answer = json.load(response)
        if answer.get("error"):
            raise RuntimeError(f"{path}: {answer['error']['data']['message']}")
        return answer["result"]

    def _cookie(self):
        return {"Cookie": f"session_id={self.session_id}"} if self.session_id else {}

    def login(self, login, password):
        result = self._post(
            "/web/session/authenticate", {"db": self.db, "login": login, "password": password}
        )
        if not result.get("uid"):
            raise RuntimeError(f"could not log in as {login}")

    def call(self, model, method, *args, **kwargs):
        return self._post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def get(self, path):
        request = urllib.request.Request(self.url + path, headers=self._cookie())
        with urllib.request.urlopen(request, timeout=300) as response:
            return response.read()


class Browser:
    """Headless Chromium on a DevTools port, one page."""

    def __init__(self, executable):
        self.profile = tempfile.mkdtemp(prefix="housing-shots-chrome-")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.process = subprocess.Popen(
            [
                executable,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--hide-scrollbars",
                "--lang=fr-FR",
                f"--remote-debugging-port={port}",
                f"--user-data-dir={self.profile}",
                f"--window-size={WIDTH},{HEIGHT}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.ws = websocket.create_connection(self._page_socket(port), timeout=120)
        self.next_id = 0
        self.send("Page.enable")
        self.send("Network.enable")
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=WIDTH,
            height=HEIGHT,
            deviceScaleFactor=1,
            mobile=False,
        )

    @staticmethod
    def _page_socket(port):
        deadline = time.time() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json", timeout=5) as r:
                    pages = [t for t in json.load(r) if t["type"] == "page"]
                if pages:
                    return pages[0]["webSocketDebuggerUrl"]
            except OSError:
                pass
            if time.time() > deadline:
                raise RuntimeError("Chromium did not open its DevTools port")
            time.sleep(0.5)

    def send(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    def shoot(self, url, selector, settle, output):
        self.send("Page.navigate", url=url)
        deadline = time.time() + 90
        check = f"!!document.querySelector({json.dumps(selector)})"
        while not self.evaluate(check):
            if time.time() > deadline:
                raise RuntimeError(f"{url}: {selector} never appeared")
            time.sleep(0.5)
        time.sleep(settle)
        data = self.send("Page.captureScreenshot", format="png")["data"]
        save_png(base64.b64decode(data), output)

    def close(self):
        self.ws.close()
        self.process.terminate()
        self.process.wait(timeout=30)
        shutil.rmtree(self.profile, ignore_errors=True)


def save_png(content, output):
    """A 256-colour PNG: a screen of the web client stays well under 300 KB."""
    image = Image.open(io.BytesIO(content)).convert("RGB")
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(output, optimize=True)


def _cell_style(cell):
    style = []
    if cell.font and cell.font.b:
        style.append("font-weight:bold")
    if cell.font and cell.font.sz and cell.font.sz > 12:
        style.append(f"font-size:{int(cell.font.sz * 1.2)}px")
    fill = cell.fill.fgColor.rgb if cell.fill and cell.fill.fill_type == "solid" else None
    if isinstance(fill, str) and len(fill) == 8 and fill != "00000000":
        style.append(f"background:#{fill[2:]}")
    if isinstance(cell.value, (int, float)):
        style.append("text-align:right")
    if cell.alignment and cell.alignment.wrap_text:
        style.append("white-space:normal")
    return ";".join(style)


def _cell_text(cell):
    value = cell.value
    if value is None:
        return ""
    number_format = cell.number_format or ""
    if isinstance(value, float) and "%" in number_format:
        return f"{value * 100:.0f} %".replace(".", ",")
    if isinstance(value, float):
        return f"{value:,.2f}".replace(",", " ").replace(".", ",")
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)


def sheet_html(content):
    """The first sheet of an XLSX as an HTML page that looks like the spreadsheet."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book.worksheets[0]
    merged = {}
    hidden = set()
    for cell_range in sheet.merged_cells.ranges:
        merged[(cell_range.min_row, cell_range.min_col)] = (
            cell_range.max_row - cell_range.min_row + 1,
            cell_range.max_col - cell_range.min_col + 1,
        )
        for row in range(cell_range.min_row, cell_range.max_row + 1):
            for col in range(cell_range.min_col, cell_range.max_col + 1):
                if (row, col) != (cell_range.min_row, cell_range.min_col):
                    hidden.add((row, col))
    widths = []
    for col in range(1, sheet.max_column + 1):
        letter = openpyxl.utils.get_column_letter(col)
        width = sheet.column_dimensions[letter].width or 10
        widths.append(f'<col style="width:{int(width * 7)}px">')
    rows = []
    for row in sheet.iter_rows(min_row=1, max_row=min(sheet.max_row, 60)):
        cells = []
        for cell in row:
            key = (cell.row, cell.column)
            if key in hidden:
                continue
            span = merged.get(key)
            attrs = f' rowspan="{span[0]}" colspan="{span[1]}"' if span else ""
            cells.append(
                f'<td{attrs} style="{_cell_style(cell)}">{html.escape(_cell_text(cell))}</td>'
            )
        rows.append(f"<tr>{''.join(cells)}</tr>")
    tabs = "".join(
        f'<span class="{"tab active" if index == 0 else "tab"}">{html.escape(ws.title)}</span>'
        for index, ws in enumerate(book.worksheets)
    )
    return f"""<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><style>
body {{ margin: 0; font: 13px Calibri, Carlito, 'DejaVu Sans', sans-serif; background: #fff; }}
table {{ border-collapse: collapse; table-layout: fixed; margin: 8px; }}
td {{ border: 1px solid #d9d9d9; padding: 2px 5px; height: 18px; white-space: nowrap;
      overflow: hidden; text-overflow: ellipsis; }}
.tabs {{ position: fixed; bottom: 0; left: 0; right: 0; background: #f3f3f3;
         border-top: 1px solid #ccc; padding: 4px 8px; }}
.tab {{ padding: 3px 10px; margin-right: 2px; color: #444; }}
.tab.active {{ background: #fff; border: 1px solid #ccc; border-top: 0; font-weight: bold; }}
</style></head><body><table>{"".join(widths)}{"".join(rows)}</table>
<div class="tabs">{tabs}</div></body></html>"""


def main(url, db, output_dir, chromium):
    output = Path(output_dir)
    output.mkdir(parents=True, exist_ok=True)
    odoo = Odoo(url, db)
    odoo.login("admin", "admin")
    wizard_id = odoo.call("housing.activity.report.wizard", "create", REPORT_PERIOD)
    content = odoo.get(f"/report/xlsx/housing_accompaniment.activity_report_xlsx/{wizard_id}")
    if not content.startswith(b"PK"):
        raise RuntimeError("the activity report did not come back as an XLSX file")
    with tempfile.TemporaryDirectory(prefix="housing-shots-") as folder:
        page = Path(folder) / "activity_report.html"
        page.write_text(sheet_html(content), encoding="utf-8")
        browser = Browser(chromium)
        try:
            browser.send(
                "Network.setCookie",
                name="session_id",
                value=odoo.session_id,
                domain="127.0.0.1",
                path="/",
            )
            for name, path, selector, settle in PAGES:
                browser.shoot(odoo.url + path, selector, settle, output / name)
                print(f"saved {output / name}")
            browser.shoot(page.as_uri(), "table", 1, output / "activity_report.png")
            print(f"saved {output / 'activity_report.png'}")
        finally:
            browser.close()
        # The partnership's yearly review (PDF, the demo agreement's 2017): its first page.
        _model, agreement_id = odoo.call(
            "ir.model.data", "check_object_reference", "housing_accompaniment", "agreement_2017"
        )
        pdf = odoo.get(f"/report/pdf/housing_accompaniment.report_agreement_review/{agreement_id}")
        if not pdf.startswith(b"%PDF"):
            raise RuntimeError("the yearly review did not come back as a PDF")
        pdf_path = Path(folder) / "review.pdf"
        pdf_path.write_bytes(pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "80",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(pdf_path),
                str(Path(folder) / "review"),
            ],
            check=True,
        )
        save_png((Path(folder) / "review.png").read_bytes(), output / "yearly_review.png")
        print(f"saved {output / 'yearly_review.png'}")


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    main(*sys.argv[1:])
