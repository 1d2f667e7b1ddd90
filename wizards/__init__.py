from . import housing_stage_override_wizard
from . import housing_accompaniment_close_wizard
from . import housing_anonymisation_wizard
from . import housing_activity_report_wizard
from . import housing_workshop_series_wizard
from . import housing_workshop_add_members_wizard
from . import housing_designation_import_wizard
from . import housing_dwelling_allocation_wizard
