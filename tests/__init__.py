from . import test_install
from . import test_household
from . import test_accompaniment
from . import test_board_tour
from . import test_privacy
from . import test_activity_figures
from . import test_activity_report
from . import test_access_matrix
