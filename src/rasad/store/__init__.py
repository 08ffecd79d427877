"""rasad.store: SQLAlchemy 2 models, Alembic migrations and full-text search.

>>> with Store("sqlite:///rasad.db") as store:      # doctest: +SKIP
...     result = store.add_doc(doc)
...     hits = store.search("هسته‌ای", lang="fa")
"""

from rasad.store.core import AddResult, Store
from rasad.store.db import DEFAULT_URL, ENV_VAR, resolve_url
from rasad.store.search import Hit

__all__ = ["DEFAULT_URL", "ENV_VAR", "AddResult", "Hit", "Store", "resolve_url"]
