import pytest

from ibkey_reference.phone import stores
from ibkey_reference.phone.device import Phone
from ibkey_reference.phone.errors import AmbiguousApp, AppNotInstalled, NotOnScreen
from ibkey_reference.phone.ibkr_mobile import IBKRMobile
from ibkey_reference.phone.stores import LookAlikeApp


def test_which_stores_each_platform_has():
    iphone, android = Phone.ios(), Phone.android()
    assert iphone.installed_app("App Store") is not None
    for name in ("Play Store", "360 Mobile Assistant", "Baidu Mobile Assistant"):
        assert android.installed_app(name) is not None
        with pytest.raises(AppNotInstalled, match=repr(name)):
            iphone.open_app(name)
    with pytest.raises(AppNotInstalled, match="'App Store'"):
        android.open_app("App Store")


def test_no_ibkr_mobile_until_installed():
    with pytest.raises(AppNotInstalled, match="Install it from a store first"):
        Phone.ios().open_app("IBKR Mobile")


class TestAppStore:
    def search(self, phone):
        store = phone.open_app("App Store")
        assert store.screen.name == "Today"
        assert store.screen.widget("Search").position == "lower right"
        store.tap("Search").tap("Search Bar").type("Search Bar", "IBKR Mobile")
        assert store.screen.name == "Search"
        return store

    def test_results_appear_as_you_type_and_include_look_alikes(self):
        store = self.search(Phone.ios())
        assert store.screen.controls[1:4] == [
            "IBKR Mobile (Mobile Trading Apps Ltd)",
            "IBKR Mobile (Interactive Brokers LLC)",
            "IBKR Mobile Lite (QuickTrade Studio)",
        ]

    def test_get_with_face_id_then_open(self):
        phone = Phone.ios(security_element="face_id")
        store = self.search(phone).tap("IBKR Mobile (Interactive Brokers LLC)")
        assert store.screen.name == "IBKR Mobile"
        assert store.screen.values["Publisher"] == "Interactive Brokers LLC"
        store.tap("GET")
        assert store.screen.name == "Face ID"
        phone.provide_security_element()
        assert store.screen.controls == ["OPEN", "Back"]
        app = store.tap("OPEN")
        assert isinstance(app, IBKRMobile)
        assert phone.foreground is app
        assert app.screen.name == "Notification Permission"
        assert app.tap("Allow").screen.controls == ["Setup IB Key using QR code", "Log In"]

    def test_get_with_the_apple_id_password(self):
        phone = Phone.ios(security_element="passcode", apple_id_password="correct horse")
        store = self.search(phone).tap("IBKR Mobile (Interactive Brokers LLC)").tap("GET")
        assert store.screen.name == "Apple ID"
        store.type("Password", "hunter2-guess").tap("Sign In")
        assert store.screen.error_code == "apple_id_password_wrong"
        assert "hunter2-guess" not in store.screen.to_html()
        store.type("Password", "correct horse").tap("Sign In")
        assert store.screen.controls[0] == "OPEN"
        assert phone.ibkr_mobile is not None

    def test_failed_face_id_asks_for_the_apple_id_password(self):
        phone = Phone.ios(security_element="touch_id")
        store = self.search(phone).tap("IBKR Mobile (Interactive Brokers LLC)").tap("GET")
        phone.provide_security_element(ok=False)
        assert store.screen.name == "Apple ID"
        assert phone.ibkr_mobile is None

    def test_the_look_alike_installs_another_app(self):
        phone = Phone.ios()
        store = self.search(phone).tap("IBKR Mobile (Mobile Trading Apps Ltd)").tap("GET")
        phone.provide_security_element()
        app = store.tap("OPEN")
        assert isinstance(app, LookAlikeApp)
        assert phone.ibkr_mobile is None
        assert app.screen.controls == []
        assert "no IBKR Mobile Authentication" in " ".join(app.screen.lines)
        with pytest.raises(NotOnScreen, match=r"cannot tap 'Services'.*controls are none"):
            phone.open_app("IBKR Mobile").tap("Services")

    def test_both_apps_installed_need_the_publisher_to_open(self):
        phone = Phone.ios()
        phone.install(stores.find_listing("ios", "IBKR Mobile", "Mobile Trading Apps Ltd"))
        phone.install()
        with pytest.raises(AmbiguousApp, match="Interactive Brokers LLC"):
            phone.open_app("IBKR Mobile")
        assert isinstance(phone.open_app("IBKR Mobile", "Interactive Brokers LLC"), IBKRMobile)

    @pytest.mark.parametrize(
        ("path", "wrong", "screen"),
        [
            ((), "Search Bar", "Today"),
            ((), "GET", "Today"),
            (("Search",), "IBKR Mobile (Interactive Brokers LLC)", "Search"),
            (("Search",), "Magnifying Glass", "Search"),
        ],
    )
    def test_wrong_sequence(self, path, wrong, screen):
        store = Phone.ios().open_app("App Store")
        for control in path:
            store.tap(control)
        with pytest.raises(NotOnScreen) as caught:
            store.tap(wrong)
        assert caught.value.screen == screen
        assert f"the App Store screen {screen!r}" in str(caught.value)
        assert "'Search'" in str(caught.value)


@pytest.mark.parametrize("store_name", ["Play Store", "360 Mobile Assistant", "Baidu Mobile Assistant"])
class TestAndroidStores:
    def search(self, phone, store_name):
        store = phone.open_app(store_name)
        assert store.screen.name == store_name
        assert store.screen.controls == ["Search Bar", "Magnifying Glass"]
        store.tap("Search Bar").type("Search Bar", "IBKR Mobile")
        assert store.screen.name == store_name  # nothing happens until the magnifying glass
        store.tap("Magnifying Glass")
        assert store.screen.name == "Search Results"
        return store

    def test_install_then_open(self, store_name):
        phone = Phone.android()
        store = self.search(phone, store_name)
        assert "IBKR Mobile (Interactive Brokers Group)" in store.screen.controls
        store.tap("IBKR Mobile (Interactive Brokers Group)")
        assert store.screen.controls == ["Install", "Back"]
        assert store.screen.widget("Install").position == "right"
        store.tap("Install")
        assert store.screen.controls == ["Open", "Uninstall", "Back"]
        app = store.tap("Open")
        assert isinstance(app, IBKRMobile)
        assert app.screen.name == "Login"

    def test_the_look_alike_installs_another_app(self, store_name):
        phone = Phone.android()
        store = self.search(phone, store_name).tap("IBKR Mobile (Trading Tools Group)").tap("Install")
        app = store.tap("Open")
        assert isinstance(app, LookAlikeApp)
        assert app.publisher == "Trading Tools Group"
        assert phone.ibkr_mobile is None

    def test_wrong_sequence(self, store_name):
        store = Phone.android().open_app(store_name)
        with pytest.raises(NotOnScreen, match=f"the {store_name} screen '{store_name}'.*'Search Bar', 'Magnifying"):
            store.tap("Install")
        with pytest.raises(NotOnScreen, match="'Search'"):
            store.tap("Search")
        store.tap("Magnifying Glass")
        assert "search bar first" in store.screen.message

    def test_uninstall_forgets_the_app(self, store_name):
        phone = Phone.android()
        store = self.search(phone, store_name).tap("IBKR Mobile (Interactive Brokers Group)").tap("Install")
        store.tap("Uninstall")
        assert phone.ibkr_mobile is None
        assert store.screen.controls == ["Install", "Back"]


def test_search_matches_every_word_of_name_or_publisher():
    assert [listing.label for listing in stores.search("android", "interactive brokers")] == [
        "IBKR Mobile (Interactive Brokers Group)"
    ]
    assert stores.search("ios", "   ") == []
    with pytest.raises(LookupError, match="they list"):
        stores.find_listing("ios", "IBKR Desktop")
