"""Claims (理赔申请): intake, the calculation at the desk, review, settlement import, the data
of the printed forms. The window and the command line use :mod:`desk_app.claims.service`."""
