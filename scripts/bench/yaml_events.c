/* Baseline for the scan benchmark: parse every file named on the command line with libyaml's event
 * API and nothing else (no tree, no rules). Prints the number of events so the work cannot be skipped. */
#include <stdio.h>
#include <yaml.h>

int main(int argc, char **argv) {
    unsigned long events = 0, errors = 0;
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) { errors++; continue; }
        yaml_parser_t parser;
        yaml_event_t event;
        yaml_parser_initialize(&parser);
        yaml_parser_set_input_file(&parser, f);
        for (;;) {
            if (!yaml_parser_parse(&parser, &event)) { errors++; break; }
            events++;
            int done = event.type == YAML_STREAM_END_EVENT;
            yaml_event_delete(&event);
            if (done) break;
        }
        yaml_parser_delete(&parser);
        fclose(f);
    }
    printf("%lu events, %lu files with errors\n", events, errors);
    return 0;
}
