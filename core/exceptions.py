"""Domain exceptions shared by services and their interfaces."""


class InvalidTransition(Exception):
    """A workflow move the current state does not allow (the API answers 409)."""
