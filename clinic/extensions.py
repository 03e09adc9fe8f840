"""Extensions, created unbound and attached to an app in `create_app()`."""

from flask_limiter import Limiter
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from clinic.core.addresses import request_limit_key
from clinic.core.model import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
csrf = CSRFProtect()
login_manager = LoginManager()
#: Counts per client address as the WSGI server saw it (behind a proxy, ProxyFix must set
#: it), an IPv6 address by its /64 (clinic.core.addresses).
limiter = Limiter(request_limit_key)
