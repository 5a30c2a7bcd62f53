"""Qt translations: ``desk_app_zh_CN.ts`` (source, committed) → ``.qm`` (built by ``build``)."""
