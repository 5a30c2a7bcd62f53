"""The 审核审批 section: the queue and the claim under review."""
