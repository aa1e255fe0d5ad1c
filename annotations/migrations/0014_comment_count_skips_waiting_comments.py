from django.db import migrations

# A comment waiting for a moderator (pre-moderation) is not visible yet: the count kept on
# the contribution's row follows `Comment.objects.visible()`, not hidden and not waiting.
COUNT_VISIBLE_COMMENTS = """
CREATE OR REPLACE FUNCTION annotation_count_comments() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND NOT OLD.is_hidden AND NOT OLD.awaits_moderation THEN
        UPDATE annotations_annotation SET comment_count = comment_count - 1
        WHERE id = OLD.annotation_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NOT NEW.is_hidden AND NOT NEW.awaits_moderation THEN
        UPDATE annotations_annotation SET comment_count = comment_count + 1
        WHERE id = NEW.annotation_id;
    END IF;
    RETURN NULL;
END $$;
DROP TRIGGER annotation_count_comments ON annotations_comment;
CREATE TRIGGER annotation_count_comments
    AFTER INSERT OR DELETE OR UPDATE OF is_hidden, awaits_moderation, annotation_id
    ON annotations_comment FOR EACH ROW EXECUTE FUNCTION annotation_count_comments();
UPDATE annotations_annotation AS a SET comment_count = (
    SELECT count(*) FROM annotations_comment c
    WHERE c.annotation_id = a.id AND NOT c.is_hidden AND NOT c.awaits_moderation
);
"""

COUNT_UNHIDDEN_COMMENTS = """
CREATE OR REPLACE FUNCTION annotation_count_comments() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND NOT OLD.is_hidden THEN
        UPDATE annotations_annotation SET comment_count = comment_count - 1
        WHERE id = OLD.annotation_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NOT NEW.is_hidden THEN
        UPDATE annotations_annotation SET comment_count = comment_count + 1
        WHERE id = NEW.annotation_id;
    END IF;
    RETURN NULL;
END $$;
DROP TRIGGER annotation_count_comments ON annotations_comment;
CREATE TRIGGER annotation_count_comments AFTER INSERT OR DELETE OR UPDATE OF is_hidden, annotation_id
    ON annotations_comment FOR EACH ROW EXECUTE FUNCTION annotation_count_comments();
"""


class Migration(migrations.Migration):
    dependencies = [("annotations", "0013_merge_counts_on_the_row")]

    operations = [migrations.RunSQL(COUNT_VISIBLE_COMMENTS, COUNT_UNHIDDEN_COMMENTS)]
