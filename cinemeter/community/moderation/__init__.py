"""Who may post, and what moderators do: reports, hiding, approving held messages, suspensions.

`services.member_can_post` and `services.new_member_vote_allowed` are the checks the vote and
message services call, so one suspension or rate limit rule covers both.
"""
