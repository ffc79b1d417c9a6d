"""Messages in their readers' languages: which language a message is in (`languages`), the
stored translations (`models`), asking for, producing and choosing them (`services`) and the
machine translators behind them (`translators`).

The huey task that runs a translator is `cinemeter.community.tasks`, at the app's top level.
"""
