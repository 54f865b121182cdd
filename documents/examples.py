"""Example documents modelled on the real ones in shared/samples: for previews, the benchmark, the template
lint's trial render and the tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from documents.contexts import (
    ActivityDoc,
    AppendixDoc,
    ApprovalSheetDoc,
    ControlReportDoc,
    ControlSummaryRowDoc,
    ControlTaskDoc,
    DocumentContext,
    ExecutionItemDoc,
    ExecutionReportDoc,
    ExecutorMarkDoc,
    IndicatorDoc,
    LetterDoc,
    MemberDoc,
    OrderDoc,
    OrganizationDoc,
    PersonDoc,
    PointDoc,
    ReportingPeriodDoc,
    RoadmapRowDoc,
    RoadmapSectionDoc,
    SignatureDoc,
    VisaDoc,
)

OO = "Отдел образования, образовательные организации"


def organization() -> OrganizationDoc:
    """The department of order № 533."""
    return OrganizationDoc(
        name="МКУ «Отдел образования Администрации Черноземельского РМО РК»",
        header_lines=["МКУ «ОТДЕЛ ОБРАЗОВАНИЯ",
                      "АДМИНИСТРАЦИИ ЧЕРНОЗЕМЕЛЬСКОГО РАЙОННОГО",
                      "МУНИЦИПАЛЬНОГО ОБРАЗОВАНИЯ РЕСПУБЛИКИ КАЛМЫКИЯ»"],
        place="п. Комсомольский",
    )


def head() -> PersonDoc:
    """The head who signs order № 533."""
    return PersonDoc("Эрдни-Горяева", "Нина", "Манджиевна", "f",
                     position="Заведующая МКУ «Отдел образования\nАдминистрации Черноземельского РМО РК»",
                     phone="8 (84743) 9-11-52")


def deputy() -> PersonDoc:
    """A deputy who controls execution."""
    return PersonDoc("Ушакова", "Ирина", "Геннадьевна", "f",
                     position="заместитель начальника управления образования")


def methodist() -> PersonDoc:
    """The person responsible for the criteria (point 4 of order № 533)."""
    return PersonDoc("Бадмаева", "Любовь", "Николаевна", "f", position="методист отдела образования",
                     phone="8 (84743) 9-13-40")


ROADMAP_1_1 = [
    ("1.1.1.", "Утверждение дорожной карты по развитию муниципальной системы оценки качества образования и "
               "муниципальных механизмов управления качеством образования в Черноземельском районе",
     "Сентябрь 2022", OO),
    ("1.1.2.", "Обновление пакета документов муниципальной оценки качества образования: Положение о "
               "муниципальной оценке качества образования; процедуры оценки качества образования, их "
               "периодичность; регламенты оценочных процедур; порядок процедур сбора, обработки, хранения, "
               "анализа и публикации данных о качестве образования",
     "Сентябрь – октябрь 2022", OO),
    ("1.1.3.", "Участие ОО Черноземельского района в национальных и общероссийских исследованиях качества "
               "образования (ВПР)", "В соответствии с графиком проведения", "Образовательные организации"),
    ("1.1.4.", "Разработка технологии использования аналитической информации по итогам оценочных процедур в "
               "качестве принятия управленческих решений на всех уровнях управления образованием",
     "Ежегодно", OO),
    ("1.1.5.", "Обеспечение выполнения требований информационной безопасности на всех этапах сбора и "
               "обработки информации о качестве образования", "Постоянно", OO),
    ("1.1.6.", "Утверждение перечня информационных источников: ежегодный доклад «О состоянии системы "
               "образования в Черноземельском районе Республики Калмыкия» (размещение на сайте)",
     "Ежегодно", OO),
    ("1.1.7.", "Использование системы показателей оценки качества подготовки обучающихся (по базовой "
               "подготовке (минимальный уровень), по индивидуализации обучения), разработанные Министерством "
               "образования и науки Республики Калмыкия", "Постоянно", OO),
    ("1.1.8.", "Предоставление статистических данных для ежегодного методического анализа результатов ГИА; "
               "комплекта статистических материалов по итогам ГИА для муниципальных образований; анализа "
               "результатов ВПР; (размещение на сайте)", "Ежегодно, июнь", OO),
    ("1.1.9.", "Разработка системы муниципальных мероприятий (совещания, семинары, вебинары, "
               "информационно-методические дни, мастерские, дискуссионные площадки, круглые столы и др.) по "
               "формированию позитивного отношения к вопросам объективной оценки результатов обучения",
     "Ежегодно", OO),
    ("1.1.10.", "Определение муниципальных показателей по: контролю объективности в конкретных ОО; "
                "мониторингу объективности результатов оценочных процедур", "Ежегодно", OO),
    ("1.1.11.", "Осуществление мониторинга показателей объективности в конкретных ОО", "Ежегодно", OO),
    ("1.1.12.", "Утверждение перечня информационных источников, значимых для муниципальной оценки качества "
                "образования", "Ежегодно", OO),
    ("1.1.13.", "Организация мониторинга уровня подготовки выпускников ОО, претендующих на получение медалей "
                "(9, 10, 11 классы)", "Ежегодно", OO),
    ("1.1.14.", "Проведение мероприятий по повышению объективности оценки результатов в ОО", "Ежегодно", OO),
    ("1.1.15.", "Наличие приказов об обеспечении объективности процедур ОКО", "Постоянно", OO),
    ("1.1.18.", "Наличие системы подготовки общественных наблюдателей за процедурами ОКО", "Постоянно", OO),
    ("1.1.19.", "Проведение выборочной перепроверки ВПР муниципальной комиссией", "Ежегодно",
     "Отдел образования"),
]

DEADLINE_VARIANTS = ["Сентябрь 2022", "Сентябрь – октябрь 2022", "Ежегодно", "Ежегодно, июнь", "Постоянно",
                     "В течение года", "В соответствии с графиком проведения", "План РМО", "Март-май, 2023",
                     "до 01 апреля 2023 года"]


def roadmap_sections(rows: int | None = None) -> list[RoadmapSectionDoc]:
    """The roadmap of appendix 1 of order № 533; with `rows`, that many activities cycling the real ones."""
    if rows is None:
        activities = [RoadmapRowDoc(*r) for r in ROADMAP_1_1]
    else:
        activities = []
        for i in range(rows):
            _number, content, _deadline, responsible = ROADMAP_1_1[i % len(ROADMAP_1_1)]
            deadline = DEADLINE_VARIANTS[i % len(DEADLINE_VARIANTS)]
            activities.append(RoadmapRowDoc(f"1.1.{i + 1}.", content, deadline, responsible))
    return [
        RoadmapSectionDoc("1.", "Механизмы управления качеством образовательных результатов"),
        RoadmapSectionDoc("1.1.", "Система оценки качества подготовки обучающихся", activities),
    ]


def order_533(rows: int | None = None, draft: bool = False) -> OrderDoc:
    """Order № 533 of 30.11.2022 approving a report and a roadmap, as in the sample."""
    chief = head()
    return OrderDoc(
        organization=organization(),
        kind="order",
        title=("Об утверждении отчета по итогам работы по развитию системы оценки качества подготовки "
               "обучающихся в 2021-2022 учебном году и дорожной карты на 2022-2023 учебный год"),
        reg_number=None if draft else "533",
        reg_date=None if draft else date(2022, 11, 30),
        preamble=("На основании письма Министерства образования и науки Республики Калмыкия от 16.11.2022 "
                  "№ 4518, аналитической справки об итогах оценки муниципальных механизмов управления "
                  "качеством образования в 2022 году в Республике Калмыкия, приказа отдела образования от "
                  "17.11.2022 № 495 «Об итогах мониторинга муниципальных механизмов управления качеством "
                  "образования в 2021-2022 учебном году»"),
        points=[
            PointDoc("Утвердить отчет за 2021-2022 год и Дорожную карту по развитию системы оценки качества "
                     "подготовки обучающихся в 2022-2023 учебном году (приложение 1)."),
            PointDoc("Утвердить состав рабочей группы по сопровождению дорожной карты (приложение 2)."),
            PointDoc(addressee_text="Руководителям общеобразовательных организаций", children=[
                PointDoc("обеспечить выполнение мероприятий дорожной карты в установленные сроки;"),
                PointDoc("представить в отдел образования информацию о ходе выполнения дорожной карты",
                         deadline_text="до 01 апреля 2023 года"),
            ]),
            PointDoc("обеспечить системную работу по критериям оценки муниципальных механизмов управления "
                     "качеством образования в течение 2022-2023 учебного года.", addressee=methodist()),
            PointDoc("Создать рабочую группу по подготовке аналитических материалов",
                     addressee=PersonDoc("Куропаткина", "Анна", "Николаевна", "f",
                                         position="директор МБУ ДПО «СОИРО»"),
                     deadline_text="в срок до 28 марта 2023 года"),
        ],
        controller=deputy(),
        signature=SignatureDoc(chief),
        executor=ExecutorMarkDoc.from_person(methodist()),
        appendices=[
            AppendixDoc(
                kind="roadmap",
                title="Отчет по критерию 1.1. Система оценки качества подготовки обучающихся",
                paragraphs=["Показатели: 2021 г. – 60 %, 2022 г. – 96 %.",
                            "Выводы: произошло увеличение показателя на 36 %, так как были учтены недочеты по "
                            "организации системы оценки качества подготовки обучающихся, разработаны "
                            "необходимые нормативно-правовые документы. На 2022-2023 учебный год разработана "
                            "дорожная карта."],
                table_title=("Дорожная карта по развитию системы оценки качества подготовки обучающихся "
                             "в 2022-2023 учебном году"),
                sections=roadmap_sections(rows),
            ),
            AppendixDoc(
                kind="working_group",
                title="Состав рабочей группы по сопровождению дорожной карты",
                members=[
                    MemberDoc.from_person(methodist(), "secretary"),
                    MemberDoc.from_person(deputy(), "chair"),
                    MemberDoc("Очирова Светлана Бадмаевна", "директор МКОУ «Комсомольская СОШ № 1»"),
                    MemberDoc("Манджиева Галина Петровна", "заместитель директора МКОУ «Адыковская СОШ»"),
                ],
            ),
        ],
        draft=draft,
    )


def letter_1951() -> LetterDoc:
    """Letter № 01-27/1951 of 26.07.2022 with a list of activities, as in the sample."""
    org = OrganizationDoc(
        name="Управление образования администрации Комсомольского муниципального района",
        header_lines=["Администрация", "Комсомольского муниципального района", "Хабаровского края",
                      "УПРАВЛЕНИЕ ОБРАЗОВАНИЯ"],
        contacts=["Пионерская ул., д. 28,", "г. Комсомольск-на-Амуре, 681000",
                  "тел. (4217) 54-45-68. Факс (4217) 54-47-25", "E-mail: uprkna@obrazraion.ru"],
    )
    chief = PersonDoc("Порвина", "Елена", "Борисовна", "f", position="Начальник\nуправления образования")
    activities = [
        ActivityDoc("Разработка информационных продуктов по процедурам оценки качества образования для "
                    "педагогических работников, родителей, обучающихся (рекомендации, памятки и др.)",
                    "Сентябрь 2022", "Родители (законные представители) несовершеннолетних; обучающиеся",
                    "Наличие информационных продуктов по процедурам оценки качества образования"),
        ActivityDoc("Проведение обучающих семинаров с коллективом по преодолению рисков получения "
                    "необъективных результатов", "Октябрь 2022", "Педагоги",
                    "Анализ способов преодоления риска получения необъективных результатов"),
        ActivityDoc("Выработка единых критериев оценивания разных форм деятельности обучающихся, внедрение "
                    "системы разновзвешенной оценки", "В течение года",
                    "Педагоги, обучающиеся, родители (законные представители) несовершеннолетних",
                    "Разработка и утверждение локальных актов требований к единым критериям оценивания"),
        ActivityDoc("Обучение педагогов основам критериального оценивания", "Ноябрь 2022", "Педагоги",
                    "Формирование новой культуры оценивания"),
    ]
    return LetterDoc(
        organization=org,
        title="О направлении перечня мероприятий",
        signature=SignatureDoc(chief),
        addressee_lines=["Руководителям", "общеобразовательных учреждений"],
        paragraphs=[
            "В целях формирования у участников образовательных отношений позитивного отношения к объективной "
            "оценке образовательных результатов управление образования администрации Комсомольского "
            "муниципального района направляет для использования в работе примерный перечень мероприятий, "
            "рекомендуемых к включению в планы работы общеобразовательных учреждений по обеспечению "
            "объективности образовательных результатов в 2022/2023 учебном году."],
        reg_number="01-27/1951",
        reg_date=date(2022, 7, 26),
        appendices=[AppendixDoc(kind="activities",
                                title=("Перечень мероприятий по формированию у участников образовательных "
                                       "отношений позитивного отношения к объективной оценке образовательных "
                                       "результатов"),
                                activities=activities, sheets=3)],
        executor=ExecutorMarkDoc("Васильева Юлия Сергеевна", "54 43 78"),
    )


def approval_sheet() -> ApprovalSheetDoc:
    """The approval sheet of the draft of order № 533."""
    return ApprovalSheetDoc(
        organization=organization(),
        title=order_533().title,
        author="Бадмаева Л.Н., методист отдела образования",
        visas=[
            VisaDoc("Ушакова И.Г.", "Заместитель начальника управления образования", "approve",
                    decided_on=date(2022, 11, 28)),
            VisaDoc("Очирова С.Б.", "Юрисконсульт", "approve_with_remarks",
                    "Уточнить ссылку на письмо Министерства в преамбуле", date(2022, 11, 29)),
            VisaDoc("Манджиева Г.П.", "Главный специалист отдела общего образования", "approve",
                    decided_on=date(2022, 11, 29)),
        ],
        as_of=date(2022, 11, 29),
    )


def execution_report() -> ExecutionReportDoc:
    """The execution report of order № 533 as of 01.06.2023."""
    return ExecutionReportDoc(
        organization=organization(),
        order_title=order_533().title,
        order_number="533",
        order_date=date(2022, 11, 30),
        as_of=date(2023, 6, 1),
        items=[
            ExecutionItemDoc("3.2", "Представить информацию о ходе выполнения дорожной карты",
                             "Руководители общеобразовательных организаций", date(2023, 3, 31),
                             "до 01 апреля 2023 года", date(2023, 3, 30), "Информация представлена всеми ОО."),
            ExecutionItemDoc("5", "Создать рабочую группу по подготовке аналитических материалов",
                             "Куропаткина А.Н.", date(2023, 3, 28), "в срок до 28 марта 2023 года",
                             date(2023, 4, 3), "Рабочая группа создана приказом от 03.04.2023 № 141.",
                             extensions=1),
            ExecutionItemDoc("4", "Обеспечить системную работу по критериям", "Бадмаева Л.Н.",
                             date(2023, 5, 31), "в течение 2022-2023 учебного года"),
        ],
        signature=SignatureDoc(head()),
        executor=ExecutorMarkDoc.from_person(methodist()),
    )


def reporting_period() -> ReportingPeriodDoc:
    """The report on criterion 1.1 for 2022 (sample: 2021 – 60 %, 2022 – 96 %)."""
    return ReportingPeriodDoc(
        organization=organization(),
        title="Отчет по критерию 1.1. Система оценки качества подготовки обучающихся",
        period_label="2022 год",
        previous_label="2021 год",
        indicators=[
            IndicatorDoc("Доля показателей критерия, по которым выполнены мероприятия", "%", 100, 60, 96),
            IndicatorDoc("Число ОО, участвующих в ВПР", "ед.", 12, 11, 12),
            IndicatorDoc("Доля ОО с признаками необъективности результатов", "%", 0, 8.5, 4.2),
        ],
        conclusions=["Произошло увеличение показателя на 36 %, так как были учтены недочеты по организации "
                     "системы оценки качества подготовки обучающихся, разработаны необходимые "
                     "нормативно-правовые документы.",
                     "На 2022-2023 учебный год разработана дорожная карта."],
        as_of=date(2023, 1, 20),
        signature=SignatureDoc(head()),
        executor=ExecutorMarkDoc.from_person(methodist()),
    )


def control_report() -> ControlReportDoc:
    """A control report on the department's tasks as of 01.04.2023."""
    src = "Приказ от 30.11.2022 № 533"
    return ControlReportDoc(
        organization=organization(),
        as_of=date(2023, 4, 1),
        filter_description="Организация: МКУ «Отдел образования»; поручения со сроком по 31.03.2023; "
                           "группировка по исполнителям.",
        tasks=[
            ControlTaskDoc("Создать рабочую группу по подготовке аналитических материалов", f"{src}, п. 5",
                           "Куропаткина А.Н.", date(2023, 3, 28), state="В работе", days_overdue=4),
            ControlTaskDoc("Представить информацию о ходе выполнения дорожной карты", f"{src}, п. 3.2",
                           "МКОУ «Комсомольская СОШ № 1»", date(2023, 3, 31), state="Исполнено"),
            ControlTaskDoc("Утверждение дорожной карты", f"{src}, прил. 1, п. 1.1.1", OO, date(2022, 9, 30),
                           "Сентябрь 2022", state="Исполнено"),
        ],
        summary=[
            ControlSummaryRowDoc("Куропаткина А.Н.", total=3, done_on_time=1, done_late=0, overdue=1, in_work=1,
                                 extensions=1),
            ControlSummaryRowDoc("МКОУ «Комсомольская СОШ № 1»", total=5, done_on_time=4, done_late=1),
        ],
        signature=SignatureDoc(deputy(), position="Заместитель начальника\nуправления образования"),
        executor=ExecutorMarkDoc.from_person(methodist()),
    )


def order_short() -> OrderDoc:
    """A one-point directive with a long number and no appendices, signed by a man."""
    return OrderDoc(
        organization=OrganizationDoc(name="МБОУ «Средняя общеобразовательная школа № 2 им. А.С. Пушкина»"),
        kind="directive",
        title="О проведении учебной эвакуации",
        reg_number="01-12/1047-р",
        reg_date=date(2027, 2, 3),
        points=[PointDoc("Провести учебную эвакуацию обучающихся и работников 10 февраля 2027 года.")],
        signature=SignatureDoc(PersonDoc("Иванов", "Пётр", "Сергеевич", "m", position="Директор школы")),
    )


def order_many_points(points: int = 40, sub_points: int = 6) -> OrderDoc:
    """A long resolution: many points, each with sub-points and deadlines, three appendices, a long roadmap."""
    chief = head()
    numbered = [
        PointDoc(
            f"Обеспечить исполнение мероприятия {i + 1} плана на 2027 год",
            addressee_text="Руководителям образовательных организаций" if i % 3 == 0 else None,
            deadline_text=DEADLINE_VARIANTS[i % len(DEADLINE_VARIANTS)],
            children=[
                PointDoc(f"подготовить отчёт по направлению {j + 1} («{'очень ' * (j + 1)}подробный»);",
                         deadline_text="до 01 апреля 2027 года" if j % 2 else None)
                for j in range(sub_points)
            ],
        )
        for i in range(points)
    ]
    return OrderDoc(
        organization=organization(),
        kind="resolution",
        title="О плане мероприятий на 2027 год " + "по развитию системы образования " * 6,
        reg_number="1",
        reg_date=date(2027, 1, 9),
        preamble=["В соответствии с планом работы на 2027 год,", "в целях повышения качества образования"],
        points=numbered,
        controller=deputy(),
        signature=SignatureDoc(chief),
        executor=ExecutorMarkDoc.from_person(methodist()),
        appendices=[
            AppendixDoc(kind="roadmap", title="План мероприятий", sections=roadmap_sections(120)),
            AppendixDoc(kind="working_group", title="Состав рабочей группы",
                        members=[MemberDoc(f"Участник {i + 1}", "учитель") for i in range(25)]),
            AppendixDoc(kind="text", title="Порядок отчётности", paragraphs=[f"Абзац {i + 1}." for i in range(30)]),
        ],
    )


def order_plain() -> OrderDoc:
    """An order with a three-digit number other than 533, a controller who is the signatory, one appendix."""
    base = order_533()
    return OrderDoc(
        organization=base.organization,
        title="Об итогах мониторинга",
        reg_number="495",
        reg_date=date(2022, 11, 17),
        points=[PointDoc("Принять к сведению итоги мониторинга."), PointDoc("Утвердить план (приложение).")],
        signature=base.signature,
        appendices=[AppendixDoc(kind="roadmap", title="План", sections=roadmap_sections(3))],
    )


EXAMPLES: dict[str, Callable[[], DocumentContext]] = {
    "order": order_533,
    "letter": letter_1951,
    "approval_sheet": approval_sheet,
    "execution_report": execution_report,
    "reporting_period": reporting_period,
    "control_report": control_report,
}


# Documents that differ in what templates branch on (numbers, lengths, counts of points, sub-points and
# appendices): the template lint renders all of them, so a template that misbehaves on real data is refused.
VARIED_EXAMPLES: dict[str, list[Callable[[], DocumentContext]]] = {
    **{doc_type: [make] for doc_type, make in EXAMPLES.items()},
    "order": [order_533, order_short, order_plain, order_many_points],
}


def varied_examples(doc_type: str) -> list[DocumentContext]:
    """Several example documents of a type, the first being `example(doc_type)`."""
    try:
        return [make() for make in VARIED_EXAMPLES[doc_type]]
    except KeyError:
        raise ValueError(f"Неизвестный тип документа «{doc_type}»") from None


def example(doc_type: str) -> DocumentContext:
    """The example document of a type."""
    try:
        return EXAMPLES[doc_type]()
    except KeyError:
        raise ValueError(f"Неизвестный тип документа «{doc_type}»") from None
