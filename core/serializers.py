"""Serializer pieces every app's API shares."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers


class FullCleanMixin:
    """For a ModelSerializer: save only what the model's `full_clean()` accepts, as forms do.

    So `validate_geometry` and every model rule run once, in the model, and their
    messages come back as a 400 keyed by field.
    """

    def create(self, validated_data):
        return self._clean_and_save(self.Meta.model(**validated_data))

    def update(self, instance, validated_data):
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return self._clean_and_save(instance)

    @staticmethod
    def _clean_and_save(instance):
        try:
            instance.full_clean()
        except DjangoValidationError as error:
            detail = error.message_dict if hasattr(error, "error_dict") else error.messages
            raise serializers.ValidationError(detail) from error
        instance.save()
        return instance
