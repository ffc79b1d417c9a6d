"""Staged writers: a batch goes into a TEMP table as plain tuples and is merged in SQL.

For sources too large for the record-based writers (IMDb's datasets): one statement resolves
the batch's ids through `catalog_externalid`, one lists the refused rows, `UPDATE … FROM`
rewrites the rows whose values differ and `INSERT … SELECT` adds the new ones. `base` holds
what the modules share; `keyed` writes rows hanging off titles and people (ratings,
alternative titles, credits); `people` and `titles` write the people and titles themselves.
"""
