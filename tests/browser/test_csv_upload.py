"""A CSV through the real uploader (issues 7 and 8): a UTF-16 file is read, the problem type
follows it, and a refused file leaves the sidebar showing the file in use."""

import pytest

pytestmark = pytest.mark.browser

EXCEPTION = "[data-testid='stException']"


def choose_your_data(page) -> None:
    page.locator(".st-key-w-dataset input").click()
    page.keyboard.type("Your data")
    page.get_by_role("option", name="Your data (CSV)").click()
    page.locator("[data-testid='stFileUploader'] input[type=file]").wait_for(state="attached")


def upload(page, path) -> None:
    page.locator("[data-testid='stFileUploader'] input[type=file]").set_input_files(str(path))


def test_a_utf16_file_sets_the_problem_type_and_a_refused_one_keeps_it_in_use(page, tmp_path,
                                                                             output_dir):
    species = tmp_path / "species.csv"
    rows = "".join(f"{i % 7},{(i * 3) % 5},{'xyz'[i % 3]}\n" for i in range(60))
    species.write_bytes(("petal,sepal,species\n" + rows).encode("utf-16"))  # with its BOM
    names = tmp_path / "names.csv"
    names.write_text("u,v,w\n" + "".join(f"{i},{i},x{i}\n" for i in range(200)))

    choose_your_data(page)
    upload(page, species)
    page.get_by_text("Problem type set to Multi-class: the label column 'species' has 3 "
                     "classes.", exact=False).wait_for()
    page.get_by_text("In use: species.csv (60 rows)").wait_for()
    assert page.locator(".st-key-w-problem input").input_value() == "Multi-class"

    upload(page, names)
    page.get_by_text("names.csv: The label column 'w' has 200 different values").wait_for()
    page.get_by_text("In use: species.csv (60 rows)").wait_for()
    page.wait_for_function(  # the refused file's uploader gives way to a fresh one
        "document.querySelectorAll(\"[data-testid='stFileUploader']\").length === 1")
    uploader = page.locator("[data-testid='stFileUploader']").inner_text()
    assert "names.csv" not in uploader  # a fresh uploader, not the refused file's name
    assert page.locator(".st-key-csv-label input").input_value() == "species"
    assert page.locator(EXCEPTION).count() == 0
    page.screenshot(path=str(output_dir / "csv_refused_upload.png"))
