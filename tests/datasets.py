"""Where the real third-party samples are: ../shared/data beside the checkout.

They are licensed for non-commercial use only, so they are read from there and never copied
into the repository; tests that need them skip with a reason when the folder is absent.
CINEMETER_SHARED_DATA points elsewhere.
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("CINEMETER_SHARED_DATA", ROOT.parent / "shared" / "data"))
