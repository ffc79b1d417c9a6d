"""Members' messages on titles (reviews and comments): the rows (`models`), every write to
them (`services`), their Markdown rendering, the reads the pages need (`selectors`) and the
pages themselves (`forms`, `views`).
"""
