"""Group assessment: aggregating several participants' answers into a group result."""
