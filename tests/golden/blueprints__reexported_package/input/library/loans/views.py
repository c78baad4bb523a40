from flask import Blueprint, g, jsonify, request

bp = Blueprint("loans", __name__, url_prefix="/loans")

LOANS = {1: {"book": "Dune", "member": "ada"}, 2: {"book": "Emma", "member": "grace"}}


class UnknownLoan(Exception):
    pass


@bp.before_request
def remember_desk():
    g.desk = request.headers.get("X-Desk", "front")


@bp.route("/")
def list_loans():
    return jsonify(loans=sorted(LOANS), desk=g.desk)


@bp.route("/<int:loan_id>")
def show_loan(loan_id):
    if loan_id not in LOANS:
        raise UnknownLoan(loan_id)
    return jsonify(LOANS[loan_id])
