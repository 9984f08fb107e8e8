"""IBeam's custom 2FA handler for IB Key challenge/response: IBEAM_CUSTOM_TWO_FA_HANDLER=ibkey_phone_handler.IBKeyPhone.

IBeam loads it from IBEAM_INPUTS_DIR and runs it in its own venv, so it imports only IBeam, Selenium and the standard
library. It does what a person does: asks for a challenge instead of the notification, reads it, and asks the phone
(IBKEY_PHONE_URL, served by the test) for the response.
"""

import os
import urllib.parse
import urllib.request

from ibeam.src.two_fa_handlers.two_fa_handler import TwoFaHandler
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.wait import WebDriverWait

NO_NOTIFICATION_LINK = "#xyz-link-no-notification"
CHALLENGE = "#xyz-challenge-code"


class IBKeyPhone(TwoFaHandler):
    def get_two_fa_code(self, driver) -> str:
        driver.find_element(By.CSS_SELECTOR, NO_NOTIFICATION_LINK).click()
        challenge = WebDriverWait(driver, 10).until(EC.visibility_of_element_located((By.CSS_SELECTOR, CHALLENGE)))
        query = urllib.parse.urlencode({"challenge": challenge.text.strip()})
        with urllib.request.urlopen(f"{os.environ['IBKEY_PHONE_URL']}?{query}", timeout=10) as reply:
            return reply.read().decode()
