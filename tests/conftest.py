"""Settings for every unit test: property tests have no deadline, since a loaded CI machine is no defect."""

from hypothesis import settings

settings.register_profile("ibkey", deadline=None)
settings.load_profile("ibkey")
