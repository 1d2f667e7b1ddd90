from . import test_install
from . import test_household
from . import test_accompaniment
from . import test_kits
from . import test_workshop
from . import test_workshop_series
from . import test_mutual_aid
