"""`python -m pipelines.sample_data`: see `pipelines.sample_data.cli`."""

import sys

from pipelines.sample_data.cli import main

sys.exit(main())
