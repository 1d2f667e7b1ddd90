from . import housing_qpv
from . import housing_residence
from . import housing_dwelling
from . import housing_household
from . import housing_member
from . import res_partner
