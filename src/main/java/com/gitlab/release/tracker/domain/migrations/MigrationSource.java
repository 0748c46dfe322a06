package com.gitlab.release.tracker.domain.migrations;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A post-migration's Ruby source as the rules read it, made in a few passes over its text, each linear in its length
 * (the file is a repository's, so anyone's text): the code without comments and without its {@code down} method
 * (which undoes {@code up}, and runs only when the migration itself is rolled back by hand), the body of each
 * heredoc ({@code execute <<~SQL}) kept as one string, the constants ({@code TABLE_NAME = :users}), the models it
 * defines ({@code class Event < ActiveRecord::Base} with {@code self.table_name = 'events'}), the methods it defines,
 * its local variables, and every method call with its arguments. Not a Ruby parser: it reads what GitLab's
 * migrations are made of, and what it cannot place is left to the rules to call unknown.
 */
final class MigrationSource {

    /** The kinds of token: names, constants, symbols, strings, numbers, {@code key:} labels, punctuation, line ends. */
    enum Kind {
        IDENT, CONST, SYMBOL, STRING, NUMBER, LABEL, PUNCT, NEWLINE
    }

    record Token(Kind kind, String text) {

        boolean is(String punctuation) {
            return kind == Kind.PUNCT && text.equals(punctuation);
        }

        boolean isWord(String word) {
            return kind == Kind.IDENT && text.equals(word);
        }
    }

    /**
     * A method call: {@code receiver} is null for a bare call ({@code remove_column ...}), else the constant or the
     * name it was called on ({@code Event}, {@code relation}, {@code connection}); its arguments start at token
     * {@code first} ({@link #arguments}).
     */
    record Call(String receiver, String name, int first) {
    }

    /** Tokens of one call's arguments read at most: a long statement says no more about what it does. */
    static final int ARGUMENT_TOKENS = 400;
    /** Calls read at most: a migration of more says no more than that it cannot be judged. */
    static final int MAX_CALLS = 2_000;
    /** Marks a heredoc's place in the code: the character, its number, the character. */
    private static final char HEREDOC = '\u0001';
    private static final Set<String> KEYWORDS = Set.of("def", "end", "do", "if", "unless", "else", "elsif", "then", "return",
            "next", "break", "while", "until", "for", "in", "and", "or", "not", "begin", "rescue", "ensure", "yield", "self",
            "nil", "true", "false", "class", "module", "super", "case", "when", "redo", "retry", "defined?", "alias", "undef");

    private final List<Token> tokens;
    private final List<String> heredocs;
    private final Map<String, List<String>> constants = new HashMap<>();
    private final Map<String, String> models = new HashMap<>();
    /** Block parameters that are a model's rows, a batch at a time, and that model's table. */
    private final Map<String, String> batches = new HashMap<>();
    private final Set<String> methods = new HashSet<>();
    private final Set<String> locals = new HashSet<>();
    private final List<Call> calls = new ArrayList<>();
    private boolean tooManyCalls;

    private MigrationSource(List<Token> tokens, List<String> heredocs) {
        this.tokens = tokens;
        this.heredocs = heredocs;
        readDefinitions();
        readCalls();
    }

    static MigrationSource read(String text) {
        List<String> heredocs = new ArrayList<>();
        String code = codeOutsideDown(text, heredocs);
        return new MigrationSource(tokenize(code, heredocs), heredocs);
    }

    List<Call> calls() {
        return calls;
    }

    /** Whether the code holds more than {@value #MAX_CALLS} calls (only the first are read). */
    boolean tooManyCalls() {
        return tooManyCalls;
    }

    /** A constant's value: its symbol or string, or the items of its array ({@code %i[a b]}, {@code [:a, :b]}). */
    List<String> constant(String name) {
        return constants.get(name);
    }

    /**
     * The table of a model the file defines ({@code self.table_name}, else the model's name), or of the batches of
     * rows a block is handed ({@code each_batch do |relation|}); null for anything else.
     */
    String model(String name) {
        String table = models.get(name);
        return table != null ? table : batches.get(name);
    }

    boolean definesMethod(String name) {
        return methods.contains(name);
    }

    boolean isLocal(String name) {
        return locals.contains(name);
    }

    static boolean isKeyword(String word) {
        return KEYWORDS.contains(word);
    }

    // ---- lines: comments, heredocs, the down method ----------------------------------------------------------

    /**
     * The code, line by line: comments dropped, {@code =begin}/{@code =end} blocks dropped, each heredoc's body taken
     * out into {@code heredocs} (its place marked), and the {@code down} method left out (from {@code def down} to
     * the {@code end} at its indentation).
     */
    private static String codeOutsideDown(String text, List<String> heredocs) {
        StringBuilder code = new StringBuilder(text.length());
        Deque<String> terminators = new ArrayDeque<>();
        Deque<Integer> bodies = new ArrayDeque<>();
        StringBuilder body = null;
        String terminator = null;
        int bodyIndex = -1;
        boolean blockComment = false;
        int downIndent = -1;
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            String line = text.substring(start, end);
            start = end + 1;
            if (!line.isEmpty() && line.charAt(line.length() - 1) == '\r') {
                line = line.substring(0, line.length() - 1);
            }
            if (body != null) {
                if (line.strip().equals(terminator)) {
                    heredocs.set(bodyIndex, body.toString());
                    body = null;
                    if (!terminators.isEmpty()) {
                        terminator = terminators.poll();
                        bodyIndex = bodies.poll();
                        body = new StringBuilder();
                    }
                } else if (body.length() < 1_000_000) {
                    body.append(line).append('\n');
                }
                continue;
            }
            if (blockComment) {
                blockComment = !line.startsWith("=end");
                continue;
            }
            if (line.startsWith("=begin")) {
                blockComment = true;
                continue;
            }
            String stripped = withoutComment(line);
            StringBuilder marked = new StringBuilder(stripped.length());
            for (int i = 0; i < stripped.length(); i++) {
                int opener = heredocAt(stripped, i);
                if (opener > 0) {
                    String id = heredocId(stripped, i, opener);
                    heredocs.add("");
                    terminators.add(id);
                    bodies.add(heredocs.size() - 1);
                    marked.append(HEREDOC).append(heredocs.size() - 1).append(HEREDOC);
                    i = opener - 1;
                } else {
                    marked.append(stripped.charAt(i));
                }
            }
            if (!terminators.isEmpty()) {
                terminator = terminators.poll();
                bodyIndex = bodies.poll();
                body = new StringBuilder();
            }
            int indent = indentOf(line);
            String trimmed = marked.toString().strip();
            if (downIndent >= 0) {
                if (indent <= downIndent && (startsWithWord(trimmed, "end") || startsWithWord(trimmed, "def"))) {
                    downIndent = -1;
                    if (startsWithWord(trimmed, "end")) {
                        continue;
                    }
                } else {
                    continue;
                }
            }
            if (isDownDefinition(trimmed)) {
                if (!oneLiner(trimmed)) {
                    downIndent = indent;
                }
                continue;
            }
            code.append(marked).append('\n');
        }
        if (body != null && bodyIndex >= 0) {
            heredocs.set(bodyIndex, body.toString());
        }
        return code.toString();
    }

    private static boolean isDownDefinition(String trimmed) {
        for (String definition : List.of("def down", "def self.down")) {
            if (trimmed.startsWith(definition)) {
                String rest = trimmed.substring(definition.length());
                return rest.isEmpty() || rest.charAt(0) == ' ' || rest.charAt(0) == ';' || rest.charAt(0) == '(';
            }
        }
        return false;
    }

    /** {@code def down; end}, {@code def down = nil}: the whole method on its line. */
    private static boolean oneLiner(String trimmed) {
        return trimmed.endsWith(" end") || trimmed.endsWith(";end") || trimmed.contains("=");
    }

    private static boolean startsWithWord(String text, String word) {
        return text.startsWith(word) && (text.length() == word.length() || !isNameChar(text.charAt(word.length())));
    }

    private static int indentOf(String line) {
        int i = 0;
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /** The line up to a {@code #} outside quotes (a comment), by one scan. */
    static String withoutComment(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            } else if (c == '#') {
                return line.substring(0, i);
            }
        }
        return line;
    }

    /**
     * Where the heredoc opener at {@code i} ends ({@code <<~SQL}, {@code <<-EOF}, {@code <<SQL}, quoted ids too), or
     * 0 when none starts there. {@code jobs << x} is no heredoc: the id must follow at once (and, after a plain
     * {@code <<}, be upper case).
     */
    private static int heredocAt(String line, int i) {
        if (!line.startsWith("<<", i)) {
            return 0;
        }
        int j = i + 2;
        boolean plain = true;
        if (j < line.length() && (line.charAt(j) == '~' || line.charAt(j) == '-')) {
            j++;
            plain = false;
        }
        char quote = j < line.length() && (line.charAt(j) == '\'' || line.charAt(j) == '"') ? line.charAt(j) : 0;
        if (quote != 0) {
            j++;
        }
        int idStart = j;
        while (j < line.length() && isNameChar(line.charAt(j))) {
            j++;
        }
        if (j == idStart || Character.isDigit(line.charAt(idStart)) || plain && !Character.isUpperCase(line.charAt(idStart))) {
            return 0;
        }
        if (quote != 0) {
            if (j >= line.length() || line.charAt(j) != quote) {
                return 0;
            }
            j++;
        }
        return j;
    }

    private static String heredocId(String line, int i, int end) {
        StringBuilder id = new StringBuilder();
        for (int j = i + 2; j < end; j++) {
            if (isNameChar(line.charAt(j))) {
                id.append(line.charAt(j));
            }
        }
        return id.toString();
    }

    static boolean isNameChar(char c) {
        return c == '_' || c < 128 && Character.isLetterOrDigit(c);
    }

    // ---- tokens -----------------------------------------------------------------------------------------------

    private static List<Token> tokenize(String code, List<String> heredocs) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = code.length();
        while (i < n) {
            char c = code.charAt(i);
            if (c == '\n') {
                tokens.add(new Token(Kind.NEWLINE, "\n"));
                i++;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                i++;
            } else if (c == HEREDOC) {
                int close = code.indexOf(HEREDOC, i + 1);
                int index = close < 0 ? -1 : number(code.substring(i + 1, close));
                tokens.add(index >= 0 && index < heredocs.size() ? new Token(Kind.STRING, heredocs.get(index))
                        : new Token(Kind.PUNCT, "?"));
                i = close < 0 ? n : close + 1;
            } else if (c == '\'' || c == '"' || c == '`') {
                int j = i + 1;
                StringBuilder text = new StringBuilder();
                while (j < n && code.charAt(j) != c && code.charAt(j) != '\n') {
                    if (code.charAt(j) == '\\' && j + 1 < n) {
                        j++;
                    }
                    text.append(code.charAt(j));
                    j++;
                }
                tokens.add(new Token(Kind.STRING, text.toString()));
                i = j < n && code.charAt(j) == c ? j + 1 : j;
            } else if (c == ':' && i + 1 < n && code.charAt(i + 1) == ':') {
                tokens.add(new Token(Kind.PUNCT, "::"));
                i += 2;
            } else if (c == ':' && i + 1 < n && (isNameChar(code.charAt(i + 1)) && !Character.isDigit(code.charAt(i + 1)))) {
                int j = name(code, i + 1);
                tokens.add(new Token(Kind.SYMBOL, code.substring(i + 1, j)));
                i = j;
            } else if (c == '%' && i + 2 < n && "iwIW".indexOf(code.charAt(i + 1)) >= 0 && "([{<|!/".indexOf(code.charAt(i + 2)) >= 0) {
                char open = code.charAt(i + 2);
                char close = switch (open) {
                    case '(' -> ')';
                    case '[' -> ']';
                    case '{' -> '}';
                    case '<' -> '>';
                    default -> open;
                };
                int j = code.indexOf(close, i + 3);
                int stop = j < 0 ? n : j;
                boolean symbols = Character.toLowerCase(code.charAt(i + 1)) == 'i';
                tokens.add(new Token(Kind.PUNCT, "["));
                int word = -1;
                for (int k = i + 3; k <= stop; k++) {
                    boolean space = k == stop || Character.isWhitespace(code.charAt(k));
                    if (!space && word < 0) {
                        word = k;
                    } else if (space && word >= 0) {
                        tokens.add(new Token(symbols ? Kind.SYMBOL : Kind.STRING, code.substring(word, k)));
                        tokens.add(new Token(Kind.PUNCT, ","));
                        word = -1;
                    }
                }
                tokens.add(new Token(Kind.PUNCT, "]"));
                i = j < 0 ? n : j + 1;
            } else if (Character.isDigit(c)) {
                int j = i;
                while (j < n && (Character.isDigit(code.charAt(j)) || code.charAt(j) == '_' || code.charAt(j) == '.'
                        && j + 1 < n && Character.isDigit(code.charAt(j + 1)))) {
                    j++;
                }
                tokens.add(new Token(Kind.NUMBER, code.substring(i, j)));
                i = j;
            } else if (isNameChar(c)) {
                int j = name(code, i);
                String word = code.substring(i, j);
                if (Character.isUpperCase(c)) {
                    // Gitlab::Database::Migration: one constant.
                    while (j + 2 < n && code.startsWith("::", j) && Character.isUpperCase(code.charAt(j + 2))) {
                        int k = name(code, j + 2);
                        word = word + "::" + code.substring(j + 2, k);
                        j = k;
                    }
                    tokens.add(new Token(Kind.CONST, word));
                } else if (j < n && code.charAt(j) == ':' && (j + 1 >= n || code.charAt(j + 1) != ':')) {
                    tokens.add(new Token(Kind.LABEL, word));
                    j++;
                } else {
                    tokens.add(new Token(Kind.IDENT, word));
                }
                i = j;
            } else if (c == '=' && i + 1 < n && (code.charAt(i + 1) == '>' || code.charAt(i + 1) == '=' || code.charAt(i + 1) == '~')) {
                tokens.add(new Token(Kind.PUNCT, code.substring(i, i + 2)));
                i += 2;
            } else if ((c == '<' && i + 1 < n && code.charAt(i + 1) == '<') || (c == '&' && i + 1 < n && code.charAt(i + 1) == '.')
                    || ((c == '!' || c == '<' || c == '>') && i + 1 < n && code.charAt(i + 1) == '=')) {
                tokens.add(new Token(Kind.PUNCT, code.substring(i, i + 2)));
                i += 2;
            } else {
                tokens.add(new Token(Kind.PUNCT, String.valueOf(c)));
                i++;
            }
        }
        return tokens;
    }

    /** The end of a name from {@code i}: letters, digits, {@code _}, and one {@code ?} or {@code !} at its end. */
    private static int name(String code, int i) {
        int j = i;
        while (j < code.length() && isNameChar(code.charAt(j))) {
            j++;
        }
        if (j < code.length() && (code.charAt(j) == '?' || code.charAt(j) == '!')
                && (j + 1 >= code.length() || code.charAt(j + 1) != '=')) {
            j++;
        }
        return j;
    }

    private static int number(String text) {
        if (text.isEmpty() || text.length() > 9) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isDigit(text.charAt(i))) {
                return -1;
            }
        }
        return Integer.parseInt(text);
    }

    // ---- definitions and calls --------------------------------------------------------------------------------

    /** Constants, models and their tables, methods, local variables: each from the tokens around it. */
    private void readDefinitions() {
        String model = null;
        boolean statementStart = true;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.kind() == Kind.NEWLINE || t.is(";")) {
                statementStart = true;
                continue;
            }
            if (t.isWord("class") && i + 3 < tokens.size() && tokens.get(i + 1).kind() == Kind.CONST && tokens.get(i + 2).is("<")) {
                String base = tokens.get(i + 3).text();
                model = base.contains("Migration") && !base.contains("MigrationRecord") ? null : tokens.get(i + 1).text();
                if (model != null) {
                    models.put(model, model);
                }
            } else if (t.isWord("self") && model != null && i + 4 < tokens.size() && tokens.get(i + 1).is(".")
                    && tokens.get(i + 2).isWord("table_name") && tokens.get(i + 3).is("=") && tokens.get(i + 4).kind() == Kind.STRING) {
                models.put(model, tokens.get(i + 4).text());
            } else if (t.isWord("def")) {
                readDefinition(i);
            } else if (t.kind() == Kind.CONST && statementStart && i + 2 < tokens.size() && tokens.get(i + 1).is("=")) {
                constants.put(t.text(), values(i + 2, Math.min(tokens.size(), i + 2 + ARGUMENT_TOKENS)));
            } else if (t.kind() == Kind.IDENT && statementStart) {
                readAssigned(i);
            } else if (t.is("|")) {
                for (int j = i + 1; j < tokens.size() && j < i + 40 && !tokens.get(j).is("|"); j++) {
                    if (tokens.get(j).kind() == Kind.IDENT) {
                        locals.add(tokens.get(j).text());
                    }
                }
            }
            statementStart = false;
        }
    }

    /** {@code def name(a, b:)} or {@code def self.name a}: the method and its parameters. */
    private void readDefinition(int def) {
        int i = def + 1;
        if (i + 1 < tokens.size() && tokens.get(i).isWord("self") && tokens.get(i + 1).is(".")) {
            i += 2;
        }
        if (i < tokens.size() && (tokens.get(i).kind() == Kind.IDENT || tokens.get(i).kind() == Kind.LABEL)) {
            methods.add(tokens.get(i).text());
        }
        for (int j = i + 1; j < tokens.size() && tokens.get(j).kind() != Kind.NEWLINE && j < i + 60; j++) {
            if (tokens.get(j).kind() == Kind.IDENT || tokens.get(j).kind() == Kind.LABEL) {
                locals.add(tokens.get(j).text());
            }
        }
    }

    /** {@code name = ...} and {@code min, max = ...} at the start of a statement: local variables. */
    private void readAssigned(int first) {
        List<String> names = new ArrayList<>();
        int i = first;
        while (i < tokens.size() && i < first + 40 && tokens.get(i).kind() == Kind.IDENT) {
            names.add(tokens.get(i).text());
            if (i + 1 < tokens.size() && tokens.get(i + 1).is(",")) {
                i += 2;
            } else {
                break;
            }
        }
        Token after = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
        if (after != null && after.kind() == Kind.PUNCT && (after.text().equals("=") || after.text().endsWith("=")
                && after.text().length() == 2 && "+-*/|&".indexOf(after.text().charAt(0)) >= 0)) {
            locals.addAll(names);
        }
    }

    private void readCalls() {
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.kind() != Kind.IDENT || isKeyword(t.text())) {
                continue;
            }
            int dot = i - 1;
            // A chain may go on at the next line after a trailing dot: "relation.\n  where(...)".
            while (dot >= 0 && tokens.get(dot).kind() == Kind.NEWLINE && dot > 0 && isDot(tokens.get(dot - 1))) {
                dot--;
            }
            Token before = dot >= 0 ? tokens.get(dot) : null;
            Token after = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
            if (before != null && before.isWord("def")) {
                continue;
            }
            boolean onReceiver = before != null && isDot(before);
            if (!onReceiver && after != null && after.is("=")) {
                continue;
            }
            if (calls.size() == MAX_CALLS) {
                tooManyCalls = true;
                return;
            }
            String receiver = onReceiver ? receiverBefore(dot) : null;
            // A call on what the chain does not name (a number, a literal): on something, never a bare helper.
            calls.add(new Call(onReceiver && receiver == null ? "" : receiver, t.text(), i + 1));
            if (BATCHES.contains(t.text()) && receiver != null) {
                nameBatches(i, receiver.equals("define_batchable_model") ? batchableTable(dot) : models.get(receiver));
            }
        }
    }

    private static boolean isDot(Token t) {
        return t.is(".") || t.is("&.");
    }

    /** The methods that hand a model's rows to a block, a batch at a time. */
    private static final Set<String> BATCHES = Set.of("each_batch", "in_batches", "find_each", "find_in_batches");

    /** {@code Model.each_batch do |relation|}: the block's parameter is the model's table, for the operations' names. */
    private void nameBatches(int call, String table) {
        if (table == null) {
            return;
        }
        for (int i = call + 1; i < tokens.size() - 2 && i < call + ARGUMENT_TOKENS; i++) {
            if ((tokens.get(i).isWord("do") || tokens.get(i).is("{")) && tokens.get(i + 1).is("|")
                    && tokens.get(i + 2).kind() == Kind.IDENT) {
                batches.put(tokens.get(i + 2).text(), table);
                return;
            }
        }
    }

    /** The table of {@code define_batchable_model(:table)} before the dot at {@code dot}. */
    private String batchableTable(int dot) {
        int open = dot - 1 >= 0 && tokens.get(dot - 1).is(")") ? opening(dot - 1) : -1;
        return open >= 0 && open + 1 < tokens.size() && (tokens.get(open + 1).kind() == Kind.SYMBOL
                || tokens.get(open + 1).kind() == Kind.STRING) ? tokens.get(open + 1).text() : null;
    }

    /** What the chain before {@code dot} starts with: a constant or a name (through calls and their parentheses). */
    private String receiverBefore(int dot) {
        int i = dot - 1;
        int steps = 0;
        while (i >= 0 && steps++ < ARGUMENT_TOKENS) {
            Token t = tokens.get(i);
            if (t.is(")") || t.is("]")) {
                i = opening(i) - 1;
                continue;
            }
            if (t.kind() == Kind.IDENT || t.kind() == Kind.CONST) {
                if (i > 0 && (tokens.get(i - 1).is(".") || tokens.get(i - 1).is("&."))) {
                    i -= 2;
                    continue;
                }
                return t.text();
            }
            return t.kind() == Kind.STRING ? "a string" : null;
        }
        return null;
    }

    /** The token opening the bracket that closes at {@code close}, looked for within the argument bound. */
    private int opening(int close) {
        int depth = 0;
        for (int i = close; i >= 0 && i > close - ARGUMENT_TOKENS; i--) {
            Token t = tokens.get(i);
            if (t.is(")") || t.is("]")) {
                depth++;
            } else if (t.is("(") || t.is("[")) {
                if (--depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    /**
     * A call's arguments from {@code first}: within its parentheses when they follow at once, else to the end of
     * the statement (a line end outside brackets not after a comma, a block, a trailing {@code if}/{@code unless}).
     */
    List<Token> arguments(Call call) {
        return arguments(call.first());
    }

    private List<Token> arguments(int first) {
        List<Token> arguments = new ArrayList<>();
        if (first >= tokens.size()) {
            return arguments;
        }
        boolean parenthesised = tokens.get(first).is("(");
        int depth = 0;
        for (int i = parenthesised ? first + 1 : first; i < tokens.size() && arguments.size() < ARGUMENT_TOKENS; i++) {
            Token t = tokens.get(i);
            if (t.is("(") || t.is("[") || t.is("{")) {
                if (!parenthesised && depth == 0 && t.is("{")) {
                    break;
                }
                depth++;
            } else if (t.is(")") || t.is("]") || t.is("}")) {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (depth == 0 && !parenthesised && (t.kind() == Kind.NEWLINE || t.is(";") || t.isWord("do")
                    || t.isWord("if") || t.isWord("unless") || t.isWord("and") || t.isWord("or"))) {
                Token last = arguments.isEmpty() ? null : arguments.get(arguments.size() - 1);
                if (t.kind() == Kind.NEWLINE && last != null && (last.is(",") || last.is("\\") || last.is("("))) {
                    continue;
                }
                break;
            }
            if (t.kind() != Kind.NEWLINE) {
                arguments.add(t);
            }
        }
        return arguments;
    }

    /** The values of a constant's definition: a symbol, a string, a constant's, or the items of an array. */
    private List<String> values(int from, int to) {
        List<String> values = new ArrayList<>();
        for (int i = from; i < to; i++) {
            Token t = tokens.get(i);
            if (t.kind() == Kind.NEWLINE && (values.isEmpty() || !tokens.get(i - 1).is(","))) {
                break;
            }
            if (t.kind() == Kind.SYMBOL || t.kind() == Kind.STRING) {
                values.add(t.text());
            } else if (t.kind() == Kind.CONST && constants.containsKey(t.text())) {
                values.addAll(constants.get(t.text()));
            } else if (t.kind() != Kind.PUNCT && t.kind() != Kind.NEWLINE) {
                return values.isEmpty() ? List.of() : values;
            }
        }
        return values;
    }
}
