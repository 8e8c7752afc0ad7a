"""Settings for the in-process benchmarks: the laptop settings with DEBUG off and the bench
URLconf (the bare view). Production settings for the HTTP benchmark come from the environment."""

from config.settings.local import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
