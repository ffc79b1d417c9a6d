"""Members' votes on titles: the row (`models`), every write (`services`, with the form's hot
path in plain SQL in `sql`), the vote form and view, the importers' records, the "votes" site
counter and `recount`, which checks every count kept about votes against the votes.
"""
