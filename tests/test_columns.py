from odoo.tests import tagged

from ..tools.columns import column, rows
from .common import HousingCase


@tagged("post_install", "-at_install")
class TestColumns(HousingCase):
    """``tools.columns`` reads one field of many records as ``record.field`` would, in
    their order, the field alone in one query when the cache lacks it."""

    def test_values_in_order_with_repeats_and_empty_links(self):
        Dwelling = self.env["housing.dwelling"]
        first, second = self.dwellings[:2]
        # Repeated, out of order, and one outside any QPV (an empty link).
        records = Dwelling.browse([second.id, self.dwelling_out.id, first.id, second.id])
        self.assertEqual(column(records, "qpv_id"), [self.qpv.id, False, self.qpv.id, self.qpv.id])
        self.assertEqual(column(records, "qpv_id"), [record.qpv_id.id for record in records])
        self.assertEqual(column(records, "name"), [record.name for record in records])
        self.assertEqual(
            rows(records, ("name", "residence_id")),
            [(record.id, record.name, record.residence_id.id) for record in records],
        )
        self.assertEqual(column(Dwelling, "qpv_id"), [])

    def test_a_missing_field_is_read_alone_in_one_query(self):
        dwellings = self.dwellings | self.dwelling_out
        dwellings.invalidate_recordset()
        with self.assertQueryCount(1):
            names = column(dwellings, "name")
        self.assertEqual(names, [dwelling.name for dwelling in dwellings])
        with self.assertQueryCount(0):
            column(dwellings, "name")  # in the cache now
        # Only that field was read: the next one is another query.
        with self.assertQueryCount(1):
            column(dwellings, "residence_id")
        # One query too when only some of them lack it.
        self.dwelling_out.invalidate_recordset(["typology"])
        with self.assertQueryCount(1):
            typologies = column(dwellings, "typology")
        self.assertEqual(typologies, [dwelling.typology for dwelling in dwellings])

    def test_one_value_per_record_only(self):
        with self.assertRaises(ValueError):
            column(self.dwellings, "household_ids")

    def test_values_due_for_recomputation_are_computed(self):
        """A stored related field whose source changed in the transaction gives its new
        value, as ``record.field`` would, not the one still in the database."""
        moved, stays = self.dwellings[:2]
        self.assertEqual(column(moved | stays, "landlord_id"), [self.landlord.id] * 2)
        moved.residence_id = self.residence_out  # landlord_id is due for recomputation
        self.assertEqual(
            column(stays | moved, "landlord_id"), [self.landlord.id, self.other_landlord.id]
        )
        self.assertEqual(column(moved, "is_qpv"), [False])
