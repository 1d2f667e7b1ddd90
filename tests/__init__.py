from . import test_install
from . import test_household
from . import test_accompaniment
