import os

DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql://orders:orders@localhost:5432/orders")
REDIS_URL = os.environ.get("REDIS_URL", "redis://localhost:6379/0")
SECRET_KEY = "dev-secret-change-me-7f3a9b"
DEBUG = os.environ.get("DEBUG", "false") == "true"
