"""The one exception the plugin raises: its message says what went wrong and what to do."""


class UnderstudyError(Exception):
    """The mock server could not be found, started or driven, or the staging settings are incomplete."""
