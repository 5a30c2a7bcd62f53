"""The 理赔受理 section: intake, settlement import, printing the forms."""
