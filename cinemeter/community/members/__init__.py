"""The member pages that involve what members did in the community: the public profile (votes
and messages) and closing an account (which deletes votes and detaches messages). Here rather
than in accounts, which may not import the community app.
"""
