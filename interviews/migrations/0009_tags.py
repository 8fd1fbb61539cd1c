"""Topics from a vocabulary (IPTC Media Topics), places and organisations, and the tags
that link them to interviews and turns, automatic or chosen by an editor."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('interviews', '0008_people_registry'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Entity',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(help_text='ISO 3166-1 alpha-2 for a country, UN M49 or x-… for a region, the usual abbreviation for an organisation.', max_length=40, unique=True)),
                ('kind', models.CharField(choices=[('country', 'Country'), ('region', 'Region'), ('organisation', 'Organisation')], max_length=14)),
                ('name', models.CharField(help_text='The English name.', max_length=200)),
                ('slug', models.SlugField(max_length=220, unique=True)),
                ('names', models.JSONField(blank=True, default=dict, help_text='Name per language code.')),
            ],
            options={
                'verbose_name_plural': 'entities',
                'ordering': ['name'],
            },
        ),
        migrations.AddField(
            model_name='topic',
            name='definitions',
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name='topic',
            name='labels',
            field=models.JSONField(blank=True, default=dict, help_text='Label per language code.'),
        ),
        migrations.AddField(
            model_name='topic',
            name='level',
            field=models.PositiveSmallIntegerField(default=0, help_text='1 for a top-level topic.'),
        ),
        migrations.AddField(
            model_name='topic',
            name='parent',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='children', to='interviews.topic'),
        ),
        migrations.AddField(
            model_name='topic',
            name='qcode',
            field=models.CharField(blank=True, max_length=40, null=True, unique=True),
        ),
        migrations.AddField(
            model_name='topic',
            name='retired',
            field=models.BooleanField(default=False),
        ),
        migrations.AlterField(
            model_name='topic',
            name='name',
            field=models.CharField(help_text='The English label.', max_length=120),
        ),
        # The plain many-to-many table becomes an explicit model: same table, same
        # columns and constraint, so only Django's state changes; then `auto` is added.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='InterviewTopic',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('interview', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='topic_links', to='interviews.interview')),
                        ('topic', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='interview_links', to='interviews.topic')),
                    ],
                    options={
                        'db_table': 'interviews_interview_topics',
                        'unique_together': {('interview', 'topic')},
                    },
                ),
                migrations.AlterField(
                    model_name='interview',
                    name='topics',
                    field=models.ManyToManyField(blank=True, related_name='interviews', through='interviews.InterviewTopic', to='interviews.topic'),
                ),
            ],
        ),
        migrations.AddField(
            model_name='interviewtopic',
            name='auto',
            field=models.BooleanField(default=False),
        ),
        migrations.CreateModel(
            name='InterviewEntity',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('auto', models.BooleanField(default=True)),
                ('entity', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='interview_links', to='interviews.entity')),
                ('interview', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='entity_links', to='interviews.interview')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('interview', 'entity'), name='unique_interview_entity')],
            },
        ),
        migrations.CreateModel(
            name='TagChoice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('turn_key', models.CharField(blank=True, help_text='Empty for the interview.', max_length=12)),
                ('keep', models.BooleanField(help_text='Confirmed or added (true) or removed (false).')),
                ('made_at', models.DateTimeField(auto_now=True)),
                ('entity', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, to='interviews.entity')),
                ('interview', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='tag_choices', to='interviews.interview')),
                ('made_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('topic', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, to='interviews.topic')),
            ],
            options={
                'ordering': ['interview', 'turn_key', 'id'],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('entity__isnull', True), ('topic__isnull', False)), models.Q(('entity__isnull', False), ('topic__isnull', True)), _connector='OR'), name='tag_choice_one_target')],
            },
        ),
        migrations.CreateModel(
            name='TurnEntity',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('auto', models.BooleanField(default=True)),
                ('entity', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='turn_links', to='interviews.entity')),
                ('turn', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='entity_links', to='interviews.turn')),
            ],
            options={
                'indexes': [models.Index(fields=['entity', 'turn'], name='interviews__entity__b74825_idx')],
                'constraints': [models.UniqueConstraint(fields=('turn', 'entity'), name='unique_turn_entity')],
            },
        ),
        migrations.CreateModel(
            name='TurnTopic',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('auto', models.BooleanField(default=True)),
                ('topic', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='turn_links', to='interviews.topic')),
                ('turn', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='topic_links', to='interviews.turn')),
            ],
            options={
                'indexes': [models.Index(fields=['topic', 'turn'], name='interviews__topic_i_305ee8_idx')],
                'constraints': [models.UniqueConstraint(fields=('turn', 'topic'), name='unique_turn_topic')],
            },
        ),
    ]
