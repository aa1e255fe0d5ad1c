"""Static files storage for production."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class ModuleAwareStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed, hashed static files, whose JavaScript modules import
    each other by their hashed names (`import … from "./shared.js"` is rewritten)."""

    support_js_module_import_aggregation = True
