class RecordsWhoAdds:
    """An admin mixin for models with `core.models.AddedBy`: a row added here keeps its author."""

    def save_model(self, request, obj, form, change):
        if not change:
            obj.added_by = request.user
        super().save_model(request, obj, form, change)
