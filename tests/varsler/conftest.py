from tests.meldinger.conftest import v  # noqa: F401 -- the message world, reused for reminders
