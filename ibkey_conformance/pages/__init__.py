"""Page objects for the Client Portal: locators live here, steps call intentions."""

from ibkey_conformance.pages.home_page import HomePage
from ibkey_conformance.pages.login_page import LoginPage
from ibkey_conformance.pages.security_page import SecurityPage

__all__ = ["HomePage", "LoginPage", "SecurityPage"]
