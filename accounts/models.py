"""The portal's user: secretariat staff, CSCOs, national representatives."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in. Roles come from the secretariat group and from the
    representative records (CSCO, national representative) linked to the account."""

    email = models.EmailField(_("email address"), blank=True)

    objects = UserManager()

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]
        swappable = "AUTH_USER_MODEL"

    def __str__(self):
        return str(self.display_name)

    @property
    def display_name(self):
        """How the portal names this person to others (histories, events,
        notifications): the full name, else the username unless it is an email address
        (accounts invited before usernames stopped being addresses), else a number."""
        full_name = self.get_full_name()
        if full_name:
            return full_name
        if self.username and "@" not in self.username:
            return self.username
        return _("Account %(number)s") % {"number": self.pk}

    @property
    def is_secretariat(self):
        """Whether the user belongs to the secretariat group (or is a superuser)."""
        if not self.is_active:
            return False
        if self.is_superuser:
            return True
        cached = getattr(self, "_is_secretariat", None)
        if cached is None:
            cached = secretariat_memberships().filter(user_id=self.pk).exists()
            self.know_secretariat_membership(cached)
        return cached

    def know_secretariat_membership(self, member):
        """Keep the group membership read with the user (secretariat_membership) or with
        its roles, so that is_secretariat asks no query of its own."""
        self._is_secretariat = bool(member)


def secretariat_memberships():
    """The secretariat group's memberships (rows of the user-group table): the one
    definition of "in the secretariat group"."""
    return User.groups.through.objects.filter(group__name=settings.ASCN_SECRETARIAT_GROUP)


def secretariat_membership(user="pk"):
    """Whether the user the outer query names by `user` (its key) is in the secretariat
    group, as an expression, to read with the user (then give the result to its
    know_secretariat_membership)."""
    return models.Exists(secretariat_memberships().filter(user_id=models.OuterRef(user)))
