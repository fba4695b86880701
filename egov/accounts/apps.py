from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "egov.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from axes.signals import user_locked_out
        from django.contrib.auth import signals
        from django.db.models.signals import post_migrate

        from egov.accounts import auditing, database_roles

        signals.user_logged_in.connect(auditing.logged_in, dispatch_uid="egov.audit.login")
        signals.user_logged_out.connect(auditing.logged_out, dispatch_uid="egov.audit.logout")
        signals.user_login_failed.connect(auditing.login_failed, dispatch_uid="egov.audit.login_failed")
        user_locked_out.connect(auditing.locked_out, dispatch_uid="egov.audit.locked_out")
        # Once per migrate (sent with this app as sender), after every app's tables exist.
        post_migrate.connect(database_roles.after_migrate, sender=self, dispatch_uid="egov.grant_app_role")
