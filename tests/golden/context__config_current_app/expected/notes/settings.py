class BaseSettings:
    APP_NAME = "notes"
    PAGE_SIZE = 2


class DefaultSettings(BaseSettings):
    PAGE_SIZE = 3
    internal_flag = "not copied: lower case"
