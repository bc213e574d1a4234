"""Import every domain's models so Base.metadata knows all tables (migrations, test setup)."""
from otp.core.db import Base
from otp.domains import submodules

submodules("models")
metadata = Base.metadata
