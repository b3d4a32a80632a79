# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
INDEX  ?= $(or $(ASSISTANT_INDEX),index)
CORPUS ?= $(or $(ASSISTANT_CORPUS),corpus)
EVAL   ?= ../shared/eval
PORT   ?= 8501

.PHONY: install system index run stop test eval eval-heldout bench clean

install: $(VENV)/.installed

# torch is pinned to the CPU wheel that lies on these machines; it goes in first so that
# sentence-transformers finds it satisfied and never pulls a CUDA build.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[test]'
	touch $@

# Tesseract (scanned PDFs) and Chromium (browser test) come from Debian's packages.
system:
	@bash scripts/setup-system.sh

index: install
	@if [ ! -e "$(INDEX)/current" ]; then $(BIN)/assistant index --corpus "$(CORPUS)" --index "$(INDEX)"; fi

# The server listens on 127.0.0.1 only (.streamlit/config.toml) and opens no browser: the
# address is the last line printed. The health check runs the page once as soon as the server
# is up, so the model is loaded before the first official opens it. Stop: Ctrl-C, or
# `make stop` from another terminal (the server's process id is kept in .streamlit.pid).
run: install system index
	@( for i in $$(seq 120); do sleep 1; $(BIN)/python -c "import urllib.request as r; r.urlopen('http://127.0.0.1:$(PORT)/_stcore/script-health-check', timeout=120)" 2>/dev/null && break; done; \
	   echo; echo "Mở trình duyệt tại http://127.0.0.1:$(PORT)   (dừng: Ctrl-C hoặc make stop)" ) &
	@ASSISTANT_CORPUS="$(CORPUS)" ASSISTANT_INDEX="$(INDEX)" \
	  $(BIN)/streamlit run app.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false \
	  --server.scriptHealthCheckEnabled true --logger.level warning & echo $$! > .streamlit.pid; wait $$!; rm -f .streamlit.pid

stop:
	@if [ -f .streamlit.pid ] && kill $$(cat .streamlit.pid) 2>/dev/null; then rm -f .streamlit.pid; echo "Đã dừng trang."; \
	 else rm -f .streamlit.pid; echo "Trang không chạy."; fi

test: install system
	$(BIN)/python -m pytest -q

eval: install
	@$(BIN)/assistant index --corpus "$(CORPUS)" --index "$(INDEX)" > /dev/null || [ $$? -eq 2 ]
	@$(BIN)/assistant batch $(EVAL)/dev.jsonl --index "$(INDEX)" --out .eval-predictions.jsonl
	@$(BIN)/python $(EVAL)/score.py $(EVAL)/dev.jsonl .eval-predictions.jsonl --corpus "$(CORPUS)"
	@# the other-templates corpus, indexed apart (git-ignored cache; unchanged documents are reused)
	@for set in others others2 others3 others4 others5 others6 others7 others8 others9 others10 others11 others12 others13 others14 others15 others16 others17 others18; do \
	  $(BIN)/assistant index --corpus eval/$$set/corpus --index .cache/index-$$set > /dev/null || [ $$? -eq 2 ] || exit 1; done
	@# beside dev: held-out groups fitted together, each left out in turn: each of the five plans
	@# (over dev and the held-out sets), and five groups of whole documents of each of eval/others, others2 … others18
	@$(BIN)/python scripts/lopo.py --index "$(INDEX)" --others-index .cache/index-others --eval "$(EVAL)" --summary --report .eval-lopo.json
	@# and the newest other-templates sets, kept out of the fit: the shipped model on documents it was not fitted on
	@for set in others19 others20 others21 others22 others23 others24 others25; do \
	  $(BIN)/assistant index --corpus eval/$$set/corpus --index .cache/index-$$set > /dev/null || [ $$? -eq 2 ] || exit 1; \
	  $(BIN)/assistant batch eval/$$set/questions.jsonl --index .cache/index-$$set --out .eval-$$set.jsonl > /dev/null || exit 1; \
	  out=$$($(BIN)/python $(EVAL)/score.py eval/$$set/questions.jsonl .eval-$$set.jsonl --corpus eval/$$set/corpus) || exit 1; \
	  printf "%-29s%s\n" "Kept out of the fit $$set" "$$(echo "$$out" | grep SUMMARY | sed 's/^SUMMARY //')"; done

# Questions written after the development set by people who saw neither it nor the code
# (eval/heldout/README.md); scored with the same referee.
eval-heldout: install
	@$(BIN)/assistant index --corpus "$(CORPUS)" --index "$(INDEX)" > /dev/null || [ $$? -eq 2 ]
	@for f in eval/heldout/*.jsonl; do \
	  $(BIN)/assistant batch $$f --index "$(INDEX)" --out .eval-heldout.jsonl; \
	  printf "%-14s" $$(basename $$f .jsonl); \
	  $(BIN)/python $(EVAL)/score.py $$f .eval-heldout.jsonl --corpus "$(CORPUS)" | grep SUMMARY; \
	done

# A benchmark, not a test: look-alike corpora of 5, 50 and 200 plans (see bench/run.py).
bench: install
	$(BIN)/pip install -q -e '.[test,bench]'
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) .pytest_cache .eval-predictions.jsonl .eval-heldout.jsonl .eval-lopo.json .eval-others19.jsonl .cache
