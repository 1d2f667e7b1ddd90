from . import housing_xlsx_common
from . import housing_activity_report_xlsx
from . import housing_activity_report_blocks
from . import housing_activity_report_charts
from . import housing_tfpb_statement_xlsx
from . import housing_agreement_review
