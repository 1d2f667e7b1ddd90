import re
import shutil
import subprocess
import tempfile
from datetime import date

from lxml import html

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

REPORT = "housing_accompaniment.action_report_housing_agreement_review"


def _text(markup):
    """The text of rendered HTML, with its white space collapsed."""
    return re.sub(r"\s+", " ", html.fromstring(markup).text_content())


@tagged("post_install", "-at_install")
class TestAgreementReview(TransactionCase):
    """The partnership's yearly review printed for the demo's agreement of March 2017: the
    seed's own figures, laid out as the seed is."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agreement = cls.env.ref(
            "housing_accompaniment.agreement_2017", raise_if_not_found=False
        )
        if not cls.agreement:
            cls.skipTest(cls, "demo data not loaded")
        company = cls.env.ref("base.main_company")
        cls.env = cls.env(
            context=dict(cls.env.context, lang="en_US", allowed_company_ids=[company.id])
        )
        cls.agreement = cls.agreement.with_env(cls.env)
        users = {}
        for login, group in (
            ("review_manager", "group_housing_manager"),
            ("review_staff", "group_housing_user"),
            ("review_accountant", "group_housing_accountant"),
            ("review_facilitator", "group_housing_facilitator"),
        ):
            users[login] = new_test_user(
                cls.env,
                login,
                groups=f"base.group_user,housing_accompaniment.{group}",
                company_id=company.id,
                company_ids=[company.id],
            )
        cls.users = users

    def _html(self, user, year=2017):
        report = self.env["ir.actions.report"].with_user(self.users[user])
        markup, _kind = report._render_qweb_html(REPORT, self.agreement.ids, data={"year": year})
        return _text(markup)

    def test_review_gives_the_seed_figures(self):
        text = self._html("review_manager")
        for expected in (
            "Partnership's yearly review 2017",
            "Compagnons Bâtisseurs Provence",
            "Association loi 1901 créée en 1979",
            # The public reached and its profile: the seed's slide 6
            "69 persons living in the dwellings of OPH Pays d'Aix Habitat Métropole were "
            "reached by the action in 2017, of whom 24 adults (18 women and 6 men) and 45 "
            "children.",
            "18 households of OPH Pays d'Aix Habitat Métropole, of the 22 households",
            "Tenants of record for more than 2 years 12 67 %",
            "DALO or first-time arrivals 6 33 %",
            "RSA beneficiaries 12 67 %",
            "Single-parent families 12 67 %",
            "72 % of the households accompanied live in a priority neighbourhood (QPV): 13 of 18",
            # Individual support: 6 new entrants, 16 ARA files; 4 of the 9 reviewed in 2017
            # continued on their own (more than 30%)
            "6 new-entrant and transfer-request files",
            "16 assisted self-renovation (ARA) files",
            "9 ARA files reviewed in the year; 4 households continued the works on their own "
            "(44 %)",
            "No collective workshop was held in the year.",
            # Impacts: about 30% of the funding for about 80% of the households
            "is 30 % of the funding of the action, for 82 % of the households accompanied "
            "being its tenants",
            "social referents of",
            # The timeline
            "January 2014",
            "June 2016",
            "March 2017",
            "March 2018",
        ):
            self.assertIn(expected, text)
        self.assertNotIn("Samia Benali", text, "no household is named")

    def test_charts_are_drawn_from_the_figures(self):
        report = self.env["ir.actions.report"].with_user(self.users["review_manager"])
        markup, _kind = report._render_qweb_html(REPORT, self.agreement.ids, data={"year": 2018})
        tree = html.fromstring(markup)
        charts = tree.xpath("//svg[contains(@class, 'o_housing_chart')]")
        self.assertEqual(len(charts), 3, "persons, households per QPV, workshops per month")
        workshops = charts[-1]
        # One column per month: the seed's 18 workshops of 2018, twice a month but in
        # summer (the demo's series).
        self.assertEqual(len(workshops.xpath(".//rect")), 12)
        values = [int(t) for t in workshops.xpath(".//text/text()") if t.isdigit()]
        self.assertEqual(values, [2, 1, 2, 1, 3, 2, 0, 0, 2, 2, 2, 1])
        heights = [int(rect.get("height")) for rect in workshops.xpath(".//rect")]
        self.assertEqual(heights[4], max(heights), "May, with 3 workshops, is the highest")
        self.assertEqual(heights[6], 0)
        text = _text(markup)
        self.assertIn("18 collective workshops held", text)
        persons = charts[0]
        labels = persons.xpath(".//text/text()")
        self.assertIn("Women", labels)
        self.assertIn("Children", labels)

    def test_2017_persons_chart(self):
        report = self.env["ir.actions.report"].with_user(self.users["review_manager"])
        markup, _kind = report._render_qweb_html(REPORT, self.agreement.ids, data={"year": 2017})
        persons = html.fromstring(markup).xpath("//svg[contains(@class, 'o_housing_chart')]")[0]
        texts = persons.xpath(".//text/text()")
        # Title, then label and value of each bar: women 18, men 6, children 45.
        self.assertEqual(texts[1:], ["Women", "18", "Men", "6", "Children", "45"])
        widths = [int(rect.get("width")) for rect in persons.xpath(".//rect")]
        self.assertEqual(widths[2], max(widths), "the children's bar is the longest")
        self.assertEqual(round(widths[0] / widths[2], 2), round(18 / 45, 2))
        qpv = html.fromstring(markup).xpath("//svg[contains(@class, 'o_housing_chart')]")[1]
        qpv_texts = qpv.xpath(".//text/text()")
        self.assertEqual(
            qpv_texts[1:],
            [
                "Jas de Bouffan",
                "7",
                "Encagnane",
                "3",
                "Corsy",
                "2",
                "Beisson",
                "1",
                "Outside a QPV",
                "5",
            ],
        )

    def test_accountant_sees_aggregates_only(self):
        text = self._html("review_accountant")
        self.assertIn("69 persons living in the dwellings", text)
        self.assertIn("is 30 % of the funding of the action", text)
        self.assertIn("shown only to social-support staff and managers", text)
        for hidden in ("RSA beneficiaries", "Single-parent families", "priority neighbourhood"):
            self.assertNotIn(hidden, text)

    def test_who_may_print(self):
        self.assertIn("69 persons", self._html("review_staff"))
        with self.assertRaises(AccessError):
            self._html("review_facilitator")

    def test_wizard_defaults_to_the_latest_full_year(self):
        self.assertEqual(self.agreement._review_default_year(date(2026, 1, 1)), 2017)
        self.assertEqual(self.agreement._review_default_year(date(2017, 6, 1)), 2017)
        renewal = self.env.ref("housing_accompaniment.agreement_2018")
        self.assertEqual(renewal._review_default_year(date(2026, 1, 1)), 2018)
        wizard = (
            self.env["housing.agreement.review.wizard"]
            .with_user(self.users["review_manager"])
            .with_context(default_agreement_id=self.agreement.id)
            .create({})
        )
        self.assertEqual(wizard.year, 2017)
        action = wizard.action_print()
        self.assertEqual(action["report_name"], "housing_accompaniment.report_agreement_review")
        self.assertEqual(action["data"], {"year": 2017})
        with self.assertRaises(ValidationError):
            wizard.year = 20170

    def test_pdf_reads_the_seed_figures(self):
        """Printed by wkhtmltopdf, the PDF's text holds the seed's figures."""
        if not (shutil.which("wkhtmltopdf") and shutil.which("pdftotext")):
            self.skipTest("wkhtmltopdf or pdftotext is not installed")
        # The test server cannot serve the stylesheets to wkhtmltopdf while the test holds
        # its cursor: point it at a closed port, so that it prints without them at once.
        self.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:9")
        report = (
            self.env["ir.actions.report"]
            .with_user(self.users["review_manager"])
            .with_context(force_report_rendering=True)
        )
        pdf, kind = report._render_qweb_pdf(REPORT, self.agreement.ids, data={"year": 2017})
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF-"))
        with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf_file:
            pdf_file.write(pdf)
            pdf_file.flush()
            text = subprocess.run(
                ["pdftotext", "-layout", pdf_file.name, "-"],
                capture_output=True,
                check=True,
                text=True,
                timeout=60,
            ).stdout
        text = re.sub(r"\s+", " ", text)
        self.assertIn("69 persons", text)
        self.assertIn("24 adults (18 women and 6 men) and 45 children", text)
        self.assertIn("72 %", text)
        self.assertIn("Children 45", text.replace("Children45", "Children 45"))
