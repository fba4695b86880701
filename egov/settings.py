"""egov settings: one module, configured only by EGOV_* environment variables.

With nothing set it runs the embedded profile (SQLite, local files, in-process
cache, database task queue). docs/configuration.md lists every variable.
"""

from __future__ import annotations

import ipaddress
import os
import sys
from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from egov.core.env import ConfigError, from_os

BASE_DIR = Path(__file__).resolve().parent.parent
env = from_os()

DEBUG = env.flag("DEBUG", False)
# A development key is allowed only for the demo, DEBUG and the test suite.
_INSECURE_OK = DEBUG or env.flag("DEMO", False) or "pytest" in sys.modules
SECRET_KEY = env.text("SECRET_KEY", "insecure-development-key" if _INSECURE_OK else None)
if len(SECRET_KEY) < 32 and not _INSECURE_OK:
    raise ConfigError("EGOV_SECRET_KEY must be at least 32 characters long")
ALLOWED_HOSTS = env.items("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.items("CSRF_TRUSTED_ORIGINS", [])

DATA_DIR = env.path("DATA_DIR", BASE_DIR / "var")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "egov.core",
    "egov.backoffice",
    "egov.accounts",
    "egov.organizations",
    "egov.procedures",
    "egov.channels",
    "egov.dossiers",
    "egov.citizens",
    "egov.filing",
    "egov.payments",
    "egov.portal",
    "egov.datastore",
    "egov.feedback",
    "egov.ivr",
    "egov.stats",
    "egov.insight",
    "egov.documents",
    "egov.tasks",
    "egov.schedule",
    "egov.exchange",
    "egov.records",
    "egov.demo",
    "egov.api",
    "ninja",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The frame and content-security headers wrap everything below, the look-up's fast path included.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "egov.core.csp.CSPMiddleware",  # django-csp's, the policy's text kept (egov/core/csp.py)
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A bare public look-up answered from a kept page without the middleware below (dossiers/fastpath.py).
    "egov.dossiers.fastpath.LookupFastPath",
    "egov.api.fastpath.LookupJsonFastPath",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "egov.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, carrying over sessions that name a backend egov replaced (egov/accounts/middleware.py).
    "egov.accounts.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Citizens' accounts never reach a staff screen (egov/citizens/boundary.py).
    "egov.citizens.boundary.CitizenBoundaryMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "egov.urls"
# A refused form (expired CSRF token) gets the site's 403 page in Vietnamese, not Django's English one.
CSRF_FAILURE_VIEW = "egov.core.errors.csrf_failure"
WSGI_APPLICATION = "egov.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "egov" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "egov.backoffice.context_processors.site",
                "egov.citizens.context_processors.citizen",
            ],
        },
    },
]

DATABASES = {"default": env.database("DATABASE_URL", DATA_DIR / "egov.sqlite3")}
# Two PostgreSQL roles (docs/deployment.md, "Security"): `manage.py migrate` connects as the owner of the
# tables (EGOV_MIGRATE_DATABASE_URL) and grants the application's role (EGOV_DATABASE_URL) what it needs,
# which on the audit log is only INSERT and SELECT. Every other command runs as the application's role.
EGOV_APP_DATABASE_USER = str(DATABASES["default"].get("USER", ""))
if sys.argv[1:2] == ["migrate"] and env.text("MIGRATE_DATABASE_URL", "-") != "-":
    DATABASES["default"] = env.database("MIGRATE_DATABASE_URL", DATA_DIR / "egov.sqlite3")
# PostgreSQL: the statements of the hot paths built once per process (egov.core.statements: a move's row
# lock, history, outbox and audit rows, statistics) are prepared on the server, once per connection. Only
# those: the ORM's other queries keep Django's client-side binding, which never prepares, so the threshold
# is never reached by them. Off (EGOV_DATABASE_PREPARED=0) behind a pooler in transaction mode that does
# not keep prepared statements (PgBouncer before 1.21, or without max_prepared_statements).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _options = DATABASES["default"]["OPTIONS"]
    assert isinstance(_options, dict)
    _options["prepare_threshold"] = sys.maxsize if env.flag("DATABASE_PREPARED", True) else None
    # Those statements planned once, for any value of their parameters (a generic plan): each is shaped
    # for its index (a queue's agencies, statuses and roles, a row's key; bound as parameters, so one plan
    # serves every agency), and the moment does not change which index answers. Left to choose, PostgreSQL
    # planned some anew on every run — the specialist's home counts, 4 ms of planning for 4.5 ms of work at
    # ten million dossiers (docs/performance.md, "The home's counts by handler, and prepared statements
    # planned once"). The ORM's own queries are not prepared, so the setting does not reach them. Asked in
    # the connection's startup options, after PGOPTIONS' (which libpq reads only when none are given) and
    # not over a plan_cache_mode the address names; off (EGOV_DATABASE_GENERIC_PLANS=0) behind PgBouncer,
    # which refuses a setting it does not track in those options (docs/deployment.md).
    _startup = str(_options.get("options") or os.environ.get("PGOPTIONS", ""))
    if (
        _options["prepare_threshold"] is not None
        and env.flag("DATABASE_GENERIC_PLANS", True)
        and "plan_cache_mode" not in _startup
    ):
        _options["options"] = f"{_startup} -c plan_cache_mode=force_generic_plan".strip()
# SQLite: the queue index's INCLUDE (the key, for PostgreSQL's index-only scans) is left out there by design,
# since SQLite's indexes hold the row id anyway (egov/dossiers/queue_indexes.py); Django's warning about it
# (models.W040) would only alarm whoever runs `make demo`.
SILENCED_SYSTEM_CHECKS = ["models.W040"] if str(DATABASES["default"]["ENGINE"]).endswith("sqlite3") else []
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a locked-out username and address before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Citizens by email or mobile number, only from the citizens' login (egov/citizens/backends.py).
    "egov.citizens.backends.CitizenPasswordBackend",
    # Django's ModelBackend, the signed-in user read by a statement built once (egov/accounts/backends.py).
    "egov.accounts.backends.StaffBackend",
    # Citizens' e-identity login (OpenID Connect); inert while EGOV_OIDC_CLIENT_ID is unset.
    "egov.citizens.oidc.CitizenOIDCBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Django's database sessions, the row read by a statement built once (egov/core/sessions.py).
SESSION_ENGINE = "egov.core.sessions"
SESSION_COOKIE_AGE = env.integer("SESSION_HOURS", 10, minimum=1, maximum=720) * 3600

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "egov" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", DATA_DIR / "static")
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", DATA_DIR / "media")

_STORAGE = env.choice("STORAGE", "local", ("local", "s3"))
if _STORAGE == "s3":
    _default_storage: dict[str, object] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.text("S3_BUCKET"),
            "endpoint_url": env.text("S3_ENDPOINT_URL"),
            "access_key": env.text("S3_ACCESS_KEY"),
            "secret_key": env.text("S3_SECRET_KEY"),
            "region_name": env.text("S3_REGION", "us-east-1"),
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": True,
        },
    }
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

_CACHE_URL = env.text("CACHE_URL", "locmem://")
if _CACHE_URL.startswith("redis://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _CACHE_URL}}
elif _CACHE_URL == "locmem://":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ConfigError(f"EGOV_CACHE_URL={_CACHE_URL!r}: expected locmem:// or redis://host:port/db")


EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if env.text("EMAIL_HOST", "-") != "-"
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env.text("EMAIL_HOST", "localhost")
EMAIL_PORT = env.integer("EMAIL_PORT", 587, minimum=1, maximum=65535)
EMAIL_HOST_USER = env.text("EMAIL_USER", "-").strip("-")
EMAIL_HOST_PASSWORD = env.text("EMAIL_PASSWORD", "-").strip("-")
EMAIL_USE_TLS = env.flag("EMAIL_TLS", True)
DEFAULT_FROM_EMAIL = env.text("EMAIL_FROM", "egov@localhost")
# Seconds each step of an SMTP exchange (connect, EHLO, RCPT, DATA...) may wait before giving up.
EMAIL_TIMEOUT = env.integer("EMAIL_TIMEOUT", 20, minimum=1, maximum=300)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.flag("BEHIND_TLS_PROXY", False) else None
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.flag("BEHIND_TLS_PROXY", False)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy on every response (django-csp): scripts and styles only from our own static
# files, so templates carry no inline <script>, on*= handler or style= attribute (tests/accounts/test_csp.py).
# img-src allows data: for the icons that Swagger UI's and the admin's stylesheets embed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# Login throttling (django-axes) on the staff login and the Django admin alike: after
# EGOV_LOGIN_FAILURE_LIMIT failures for one username from one address, that pair is refused for
# EGOV_LOGIN_COOLOFF_MINUTES. `manage.py axes_reset_username NAME` unlocks at once.
# Sign-in attempts (any outcome) per client address per window, staff and citizens together; over it 429
# (egov/core/ratelimit.py). django-axes below locks a username per address after failures.
EGOV_LOGIN_LIMIT = env.integer("LOGIN_LIMIT", 30, minimum=1, maximum=100_000)
EGOV_LOGIN_WINDOW = env.integer("LOGIN_WINDOW", 600, minimum=1, maximum=86_400)
AXES_FAILURE_LIMIT = env.integer("LOGIN_FAILURE_LIMIT", 5, minimum=1, maximum=100)
AXES_COOLOFF_TIME = timedelta(minutes=env.integer("LOGIN_COOLOFF_MINUTES", 15, minimum=1, maximum=24 * 60))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429  # Too Many Requests
AXES_LOCKOUT_CALLABLE = "egov.accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "egov.accounts.client_ip.client_ip"
# Successful logins are in the audit log already (egov/accounts/auditing.py).
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# Citizens' e-identity login (OpenID Connect, mozilla-django-oidc; docs/citizens.md): off unless
# EGOV_OIDC_CLIENT_ID is set, and then the issuer, the endpoints and the secret are required.
OIDC_RP_CLIENT_ID = env.text("OIDC_CLIENT_ID", "")
EGOV_OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
_OIDC_REQUIRED = None if EGOV_OIDC_ENABLED else ""
EGOV_OIDC_ISSUER = env.text("OIDC_ISSUER", _OIDC_REQUIRED)
OIDC_OP_AUTHORIZATION_ENDPOINT = env.text("OIDC_AUTHORIZATION_ENDPOINT", _OIDC_REQUIRED)
OIDC_OP_TOKEN_ENDPOINT = env.text("OIDC_TOKEN_ENDPOINT", _OIDC_REQUIRED)
OIDC_OP_USER_ENDPOINT = env.text("OIDC_USERINFO_ENDPOINT", _OIDC_REQUIRED)
OIDC_OP_JWKS_ENDPOINT = env.text("OIDC_JWKS_ENDPOINT", _OIDC_REQUIRED)
OIDC_RP_CLIENT_SECRET = env.text("OIDC_CLIENT_SECRET", _OIDC_REQUIRED)
OIDC_RP_SCOPES = env.text("OIDC_SCOPES", "openid profile email phone")
OIDC_RP_SIGN_ALGO = env.choice(
    "OIDC_SIGN_ALGO", "RS256", ("RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "HS256")
)
OIDC_USE_PKCE = env.flag("OIDC_USE_PKCE", True)
OIDC_TIMEOUT = env.integer("OIDC_TIMEOUT", 10, minimum=1, maximum=120)
OIDC_AUTHENTICATION_CALLBACK_URL = "citizens:oidc_callback"
# Stored on the profile as who proved the ID number, and named on the login button.
EGOV_OIDC_PROVIDER_NAME = env.text("OIDC_PROVIDER_NAME", "VNeID")
EGOV_OIDC_BUTTON_LABEL = env.text("OIDC_BUTTON_LABEL", "Đăng nhập bằng VNeID")
# The provider's claim names. Defaults: OpenID Connect's standard claims; the ID number has no standard name.
EGOV_OIDC_CLAIMS = {
    "id_number": env.text("OIDC_CLAIM_ID_NUMBER", "id_number"),
    "full_name": env.text("OIDC_CLAIM_FULL_NAME", "name"),
    "phone": env.text("OIDC_CLAIM_PHONE", "phone_number"),
    "email": env.text("OIDC_CLAIM_EMAIL", "email"),
    "birth_date": env.text("OIDC_CLAIM_BIRTH_DATE", "birthdate"),
}

# Site identity and the province this deployment serves.
EGOV_SITE_NAME = env.text("SITE_NAME", "Chính quyền điện tử")
EGOV_PROVINCE_CODE = env.text("PROVINCE_CODE", "")
EGOV_PUBLIC_URL = env.text("PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
# Addresses (or networks) of the reverse proxies whose X-Forwarded-For is believed: the public
# look-up's rate limit counts per client address, and without this every client behind nginx
# would share the proxy's address. Nobody is trusted by default.
EGOV_TRUSTED_PROXIES = tuple(env.items("TRUSTED_PROXIES", []))
for _proxy in EGOV_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ConfigError(f"EGOV_TRUSTED_PROXIES: {_proxy!r} is not an IP address or network") from None
# The public look-up (docs/lookup.md): look-ups per client address per window, what a wrong second
# factor costs, and how many wrong second factors one dossier code takes per day.
EGOV_LOOKUP_LIMIT = env.integer("LOOKUP_LIMIT", 30, minimum=1, maximum=100_000)
EGOV_LOOKUP_WINDOW = env.integer("LOOKUP_WINDOW", 600, minimum=1, maximum=86_400)
EGOV_LOOKUP_FAILURE_COST = env.integer("LOOKUP_FAILURE_COST", 5, minimum=1, maximum=100_000)
EGOV_LOOKUP_CODE_FAILURES = env.integer("LOOKUP_CODE_FAILURES", 10, minimum=1, maximum=100_000)
# A bare look-up answered by a kept page before the session and authentication middleware
# (egov/dossiers/fastpath.py); off only to compare the two paths.
EGOV_LOOKUP_FAST_PATH = env.flag("LOOKUP_FAST_PATH", True)
# Seconds a code's bare status stays cached (egov/dossiers/lookup_cache.py); forgotten on every move. Off by
# default with the in-process cache, whose copies in other workers a move cannot reach.
# The telephone line (docs/lookup.md, "By telephone"): where its rendered prompts are kept, espeak-ng and its
# voice, the line's number printed on the receipt, and the IVR platforms trusted to say the caller's number.
EGOV_IVR_AUDIO_DIR = env.path("IVR_AUDIO_DIR", DATA_DIR / "ivr-audio")
EGOV_IVR_ESPEAK = env.text("IVR_ESPEAK", "espeak-ng")
EGOV_IVR_VOICE = env.text("IVR_VOICE", "vi")
EGOV_IVR_PHONE = env.text("IVR_PHONE", "")
EGOV_IVR_PLATFORMS = tuple(env.items("IVR_PLATFORMS", []))
for _platform in EGOV_IVR_PLATFORMS:
    try:
        ipaddress.ip_network(_platform, strict=False)
    except ValueError:
        raise ConfigError(f"EGOV_IVR_PLATFORMS: {_platform!r} is not an IP address or network") from None
EGOV_LOOKUP_CACHE_SECONDS = env.integer(
    "LOOKUP_CACHE_SECONDS", 0 if _CACHE_URL == "locmem://" else 60, minimum=0, maximum=86_400
)
# Office hours: dossiers received after the last session count from the next working day.
# Civil servants work 8 hours a day, 40 a week (Labour Code 2019 art. 105; Decision 188/1999/QĐ-TTg),
# so deadline arithmetic counts a working day as 8 office hours and the sessions must add up to that.
EGOV_OFFICE_HOURS = env.clock("OFFICE_HOURS", "07:30-11:30,13:00-17:00")
if sum((e.hour * 60 + e.minute) - (s.hour * 60 + s.minute) for s, e in EGOV_OFFICE_HOURS) != 8 * 60:
    raise ConfigError("EGOV_OFFICE_HOURS: the sessions must add up to 8 hours (Labour Code 2019 art. 105)")
# Weekday numbers (Monday=0) that are working days; a province that receives
# dossiers on Saturday morning still counts deadlines on Monday to Friday.
EGOV_WORKING_WEEKDAYS = env.weekdays("WORKING_WEEKDAYS", "0,1,2,3,4")

# How the outbox worker (manage.py deliver_outbox) sends SMS: a dotted path to a class with
# send(to, text, *, timeout, reference). The default only writes each message to the log, for a
# deployment with no gateway; Kannel is egov.channels.gateways.kannel.KannelGateway (docs/channels.md).
EGOV_SMS_TRANSPORT = env.text("SMS_TRANSPORT", "egov.channels.transports.LogSMSTransport")
EGOV_SMS_TIMEOUT = env.integer("SMS_TIMEOUT", 20, minimum=1, maximum=300)
# Seconds a worker holds a claimed message before another worker may claim it again. It must outlast a
# whole send: an SMTP exchange is about ten steps, each allowed EMAIL_TIMEOUT.
EGOV_OUTBOX_LEASE = env.integer("OUTBOX_LEASE", 600, minimum=60, maximum=86400)
if 10 * max(EMAIL_TIMEOUT, EGOV_SMS_TIMEOUT) > EGOV_OUTBOX_LEASE:
    raise ConfigError(
        "EGOV_OUTBOX_LEASE must be at least 10 times EGOV_EMAIL_TIMEOUT and EGOV_SMS_TIMEOUT, "
        "so a message is never claimed again while its first send may still be running"
    )
# The most SMS segments one notification may take (GSM-7 160/153, UCS-2 70/67 characters each;
# egov.channels.segments): a notification template longer than this is refused at save, and an SMS longer than
# this is refused at sending unless its payload says max_segments (docs/channels.md).
EGOV_SMS_MAX_SEGMENTS = env.integer("SMS_MAX_SEGMENTS", 3, minimum=1, maximum=10)

# SMS through Kannel (egov.channels.gateways.kannel, docs/channels.md#kannel): its sendsms interface,
# the sendsms-user egov logs in as, the sender number, and what Kannel's callbacks must carry.
EGOV_KANNEL_SENDSMS_URL = env.text("KANNEL_SENDSMS_URL", "http://127.0.0.1:13013/cgi-bin/sendsms")
EGOV_KANNEL_USERNAME = env.text("KANNEL_USERNAME", "egov")
EGOV_KANNEL_PASSWORD = env.text("KANNEL_PASSWORD", "")
EGOV_KANNEL_SENDER = env.text("KANNEL_SENDER", "")
# Where Kannel reaches egov for delivery reports (the dlr-url egov hands it); by default the public address.
EGOV_KANNEL_CALLBACK_URL = env.text("KANNEL_CALLBACK_URL", EGOV_PUBLIC_URL).rstrip("/")
# The shared secret in the get-url and dlr-url that Kannel calls back; empty refuses every callback.
EGOV_KANNEL_CALLBACK_SECRET = env.text("KANNEL_CALLBACK_SECRET", "")
# The addresses Kannel's callbacks may come from (IP addresses or networks).
EGOV_KANNEL_ALLOWED_IPS = tuple(env.items("KANNEL_ALLOWED_IPS", ["127.0.0.1", "::1"]))
# Inbound SMS: how many one phone may send in a window before egov stops answering it.
EGOV_SMS_INBOUND_LIMIT = env.integer("SMS_INBOUND_LIMIT", 5, minimum=1, maximum=1000)
EGOV_SMS_INBOUND_WINDOW = env.integer("SMS_INBOUND_WINDOW", 600, minimum=10, maximum=86400)
# Inbound SMS keywords and the function answering each (text after the keyword, sender) -> reply.
EGOV_SMS_KEYWORDS = {"TRACUU": "egov.dossiers.sms.answer_lookup"}

# Uploaded files (egov.core.uploads): the largest single file, and the largest total of one submission.
# The reverse proxy's body limit (client_max_body_size in deploy/nginx/egov.conf) must be at least the total.
EGOV_UPLOAD_MAX_MB = env.integer("UPLOAD_MAX_MB", 20, minimum=1, maximum=1024)
EGOV_UPLOAD_BATCH_MAX_MB = env.integer("UPLOAD_BATCH_MAX_MB", 50, minimum=1, maximum=10240)
# Online filing (egov.filing): the largest paper a citizen may upload, and the largest total of the papers
# uploaded for one dossier (papers reused from the citizen's store are not uploaded and do not count).
EGOV_FILING_FILE_MAX_MB = env.integer("FILING_FILE_MAX_MB", 10, minimum=1, maximum=1024)
EGOV_FILING_DOSSIER_MAX_MB = env.integer("FILING_DOSSIER_MAX_MB", 50, minimum=1, maximum=10240)

# Online payment of fees (docs/payments.md): the gateways offered, in order ("vnpay", "sandbox"). The
# sandbox takes no money, so it is refused outside the demo, DEBUG and the tests, and is their default.
EGOV_PAYMENT_GATEWAYS = env.items("PAYMENT_GATEWAYS", ["sandbox"] if _INSECURE_OK else [])
for _gateway in EGOV_PAYMENT_GATEWAYS:
    if _gateway not in ("vnpay", "sandbox"):
        raise ConfigError(f"EGOV_PAYMENT_GATEWAYS: {_gateway!r} is not one of vnpay, sandbox")
if "sandbox" in EGOV_PAYMENT_GATEWAYS and not _INSECURE_OK:
    raise ConfigError(
        "EGOV_PAYMENT_GATEWAYS: the sandbox takes no money; use it only with EGOV_DEMO or DEBUG"
    )
# Minutes a payment attempt stays open at the gateway (sent to VNPAY as vnp_ExpireDate).
EGOV_PAYMENT_EXPIRY_MINUTES = env.integer("PAYMENT_EXPIRY_MINUTES", 15, minimum=5, maximum=1440)
# VNPAY: the merchant's terminal code and secret that VNPAY issues, and its payment address (the sandbox's
# by default; production's is given with the contract).
EGOV_VNPAY_TMN_CODE = env.text("VNPAY_TMN_CODE", "")
EGOV_VNPAY_HASH_SECRET = env.text("VNPAY_HASH_SECRET", "")
EGOV_VNPAY_URL = env.text("VNPAY_URL", "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html")
if "vnpay" in EGOV_PAYMENT_GATEWAYS and not (EGOV_VNPAY_TMN_CODE and EGOV_VNPAY_HASH_SECRET):
    raise ConfigError("EGOV_PAYMENT_GATEWAYS names vnpay: set EGOV_VNPAY_TMN_CODE and EGOV_VNPAY_HASH_SECRET")
# Feedback (docs/feedback.md): working days an agency has to answer a feedback (phản ánh, kiến nghị), and how
# many feedback items or link ratings one address may send without an account per hour.
EGOV_FEEDBACK_ANSWER_DAYS = env.integer("FEEDBACK_ANSWER_DAYS", 15, minimum=1, maximum=365)
EGOV_FEEDBACK_LIMIT = env.integer("FEEDBACK_LIMIT", 5, minimum=1, maximum=100_000)

# Signed electronic results (docs/signatures.md): where imported PKCS#12 files are kept (outside the media
# storage, never served), an RFC 3161 timestamp server for PAdES B-T ("" for B-B), and the PEM files of the
# roots a signature is validated against.
EGOV_KEYS_DIR = env.path("KEYS_DIR", DATA_DIR / "keys")
EGOV_SIGNING_TIMESTAMP_URL = env.text("SIGNING_TIMESTAMP_URL", "-").strip("-")
EGOV_SIGNING_TRUST_ROOTS = tuple(env.items("SIGNING_TRUST_ROOTS", []))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"too_many_requests": {"()": "egov.core.logfilters.DropTooManyRequests"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    # django-axes logs every sign-in at INFO; the audit log records them already.
    # pyHanko's font subsetting (the signature block) logs every glyph table at INFO, and warns about a table
    # it drops; neither says anything an operator can act on.
    # django.request's line per 429: egov.core.ratelimit logs once per client and window instead.
    "loggers": {
        "axes": {"level": "WARNING"},
        "fontTools": {"level": "ERROR"},
        "django.request": {"filters": ["too_many_requests"]},
    },
    "root": {
        "handlers": ["console"],
        "level": env.choice("LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR")),
    },
}

if "pytest" in sys.modules:
    # The suite creates hundreds of accounts; a slow hasher would dominate its run time.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests render pages without running collectstatic first.
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    WHITENOISE_USE_FINDERS = True

# Public statistics (egov/stats, docs/stats.md): the licence the open data is published under, and its link.
EGOV_STATS_OPEN_DATA_LICENCE = env.text("STATS_OPEN_DATA_LICENCE", "CC BY 4.0")
EGOV_STATS_OPEN_DATA_LICENCE_URL = env.text(
    "STATS_OPEN_DATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/deed.vi"
)
# Seconds a worker keeps a public statistics report it built (egov.stats.kept); 0 builds one per request.
EGOV_STATS_PUBLIC_KEEP = env.integer("STATS_PUBLIC_KEEP", 60, minimum=0)

# The exchange between agencies (egov/exchange, docs/exchange.md): seconds a POST of a package to a peer
# may take (a document with its PDF); the outbox's lease must outlast it.
EGOV_EXCHANGE_TIMEOUT = env.integer("EXCHANGE_TIMEOUT", 30, minimum=1, maximum=300)
if 2 * EGOV_EXCHANGE_TIMEOUT > EGOV_OUTBOX_LEASE:
    raise ConfigError("EGOV_OUTBOX_LEASE must be at least twice EGOV_EXCHANGE_TIMEOUT")
