from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "egov.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from axes.signals import user_locked_out
        from django.contrib.auth import signals

        from egov.accounts import auditing

        signals.user_logged_in.connect(auditing.logged_in, dispatch_uid="egov.audit.login")
        signals.user_logged_out.connect(auditing.logged_out, dispatch_uid="egov.audit.logout")
        signals.user_login_failed.connect(auditing.login_failed, dispatch_uid="egov.audit.login_failed")
        user_locked_out.connect(auditing.locked_out, dispatch_uid="egov.audit.locked_out")
