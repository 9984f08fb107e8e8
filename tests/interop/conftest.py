"""The served portal IBeam logs in to: `ibkey-conform serve --control-api` as a process, as the remote-portal tests
start it."""

from tests.unit.ibkey_conformance.adapters.test_remote_portal import served_portal  # noqa: F401 (the fixture)
