"""One login by IBeam's unmodified LoginHandler, assembled from its IBEAM_* settings as `ibeam_starter` does.

Runs in IBeam's own venv; IBeam logs to stdout and stderr, and the last line of stdout is the result as JSON:
{"success": ..., "shutdown": ...}.
"""

import json

from ibeam.config import Config
from ibeam.src import logs, two_fa_selector, var
from ibeam.src.handlers.login_handler import LoginHandler
from ibeam.src.handlers.secrets_handler import SecretsHandler
from ibeam.src.login.driver import DriverFactory
from ibeam.src.login.targets import create_targets


def main() -> None:
    cnf = Config(var.all_variables)
    logs.initialize(
        log_format=cnf.LOG_FORMAT, log_level=cnf.LOG_LEVEL, log_to_file=cnf.LOG_TO_FILE, outputs_dir=cnf.OUTPUTS_DIR
    )
    driver_factory = DriverFactory(
        driver_path=cnf.CHROME_DRIVER_PATH, ui_scaling=cnf.UI_SCALING, page_load_timeout=cnf.PAGE_LOAD_TIMEOUT
    )
    two_fa_handler = two_fa_selector.select(
        handler_name=cnf.TWO_FA_HANDLER,
        driver_factory=driver_factory,
        outputs_dir=cnf.OUTPUTS_DIR,
        custom_two_fa_handler=cnf.CUSTOM_TWO_FA_HANDLER,
        inputs_dir=cnf.INPUTS_DIR,
    )
    login_handler = LoginHandler(
        secrets_handler=SecretsHandler(secrets_source=cnf.SECRETS_SOURCE, gcp_base_url=cnf.GCP_SECRETS_URL),
        two_fa_handler=two_fa_handler,
        driver_factory=driver_factory,
        targets=create_targets(cnf),
        base_url=cnf.GATEWAY_BASE_URL,
        route_auth=cnf.ROUTE_AUTH,
        two_fa_select_target=cnf.TWO_FA_SELECT_TARGET,
        strict_two_fa_code=cnf.STRICT_TWO_FA_CODE,
        max_immediate_attempts=cnf.MAX_IMMEDIATE_ATTEMPTS,
        oauth_timeout=cnf.OAUTH_TIMEOUT,
        max_presubmit_buffer=cnf.MAX_PRESUBMIT_BUFFER,
        min_presubmit_buffer=cnf.MIN_PRESUBMIT_BUFFER,
        max_failed_auth=cnf.MAX_FAILED_AUTH,
        outputs_dir=cnf.OUTPUTS_DIR,
        use_paper_account=cnf.USE_PAPER_ACCOUNT,
        count_timeout_as_failed=cnf.COUNT_TIMEOUT_AS_FAILED,
    )
    success, shutdown = login_handler.login()
    print(json.dumps({"success": success, "shutdown": shutdown}))


if __name__ == "__main__":
    main()
