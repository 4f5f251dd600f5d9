"""The records tests need the key-concern table on the test database."""

import models.concern  # noqa: F401  (registers key_concerns before the tables are created)
