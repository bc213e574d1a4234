"""Import every domain's models so Base.metadata knows all tables (migrations, test setup), and
every domain's session flush hooks (flush_hooks), which must hold wherever those tables are written."""
from otp.core.db import Base
from otp.domains import submodules

submodules("models")
submodules("flush_hooks")
metadata = Base.metadata
